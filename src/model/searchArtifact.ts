/**
 * What the `search` preset adds to a task in the artifact (TaskArtifact.search): the pipelines it
 * tried with their inner CV AUC, its choice (one pipeline or an ensemble), the honest nested CV
 * estimate of that choice, its metrics on every set, the paired DeLong test against the paper's
 * pipeline, and `served`: everything prediction needs, which the service then serves for the task.
 */
import type { ClassifierKind, Hyperparameters, SerializedClassifier } from '../classifiers/classifier.js';
import type { SerializedCalibrator } from '../calibration/calibrator.js';
import type { SetName } from '../cohort/cohort.js';
import type { SetMetrics } from '../evaluation/binaryMetrics.js';
import type { SelectionProjection, SelectorKind } from '../featureSelection/selector.js';

export interface PipelineDescription {
  selector: SelectorKind;
  /** mRMR k, univariate p threshold, lasso λ / λ_max, or principal components. */
  size: number;
  classifier: ClassifierKind;
  hyperparameters: Hyperparameters;
}

/** One fitted pipeline, self-contained: its inputs, scaler, classifier and calibration map. */
export interface PipelineMember {
  label: string;
  pipeline: PipelineDescription;
  /** Candidate inputs the selection kept (for pca: every feature it projects). */
  selectedFeatures: string[];
  /** Column order of the classifier input: imaging inputs (or pc1…), then the task's clinical inputs. */
  inputs: string[];
  projection?: SelectionProjection;
  scaler: { mean: number[]; std: number[] };
  classifier: SerializedClassifier;
  calibration: SerializedCalibrator;
}

/** A task's served model: one member, or the mean of the members' probabilities mapped by `calibration`. */
export interface ServedPipeline {
  members: PipelineMember[];
  /** Ensemble only: the calibration map of the members' mean probability. */
  calibration: SerializedCalibrator | null;
}

export interface SearchCandidate extends PipelineDescription {
  label: string;
  cvAuc: number;
}

export interface SearchComparison {
  set: SetName;
  searchAuc: number;
  paperAuc: number;
  /** searchAuc − paperAuc, with the paired DeLong test. */
  aucDifference: number;
  z: number;
  pValue: number;
}

export interface TaskSearch {
  budget: number;
  ensembleSize: number;
  /** Every pipeline tried, best inner CV AUC first. */
  candidates: SearchCandidate[];
  choice: 'single' | 'ensemble';
  /** The chosen pipeline's label, or "ensemble of the top N". */
  chosen: string;
  /** Inner CV AUC of the choice on all training rows (optimistic: the maximum over the candidates). */
  innerCvAuc: number;
  ensembleCvAuc: number;
  /** The whole search rerun inside each outer fold: the honest CV AUC of the search's choice. */
  nestedCvAuc: number;
  nestedFolds: { auc: number; chosen: string }[];
  /** The paper's pipeline beside it: the classifier its rule (best validation AUC) picked. */
  paper: { classifier: ClassifierKind; rule: 'validation' | 'cv' };
  threshold: number;
  metrics: Partial<Record<SetName, SetMetrics>>;
  comparisons: SearchComparison[];
  served: ServedPipeline;
}
