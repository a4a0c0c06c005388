/**
 * The model artifact: one self-contained, schema-versioned JSON document per trained model.
 * Training (src/pipeline/) writes it; prediction (src/model/), the registry, the HTTP service and
 * the report (src/report/) read it. Outside tooling relies on: `id`, `tasks.<task>.selectedFeatures`,
 * `tasks.<task>.best`, `tasks.<task>.models.<clf>.metrics.<set>.auc` and `.ci95`.
 */
import type { ClassifierKind, Hyperparameters, SerializedClassifier } from '../classifiers/classifier.js';
import type { CalibrationMethod, SerializedCalibrator } from '../calibration/calibrator.js';
import type { Her2Status, SetName } from '../cohort/cohort.js';
import type { ExtractionProvenance } from '../cohort/extractionHeader.js';
import type { SelectionProjection, SelectorKind } from '../featureSelection/selector.js';
import type { FeatureHarmonisation } from '../harmonisation/combat.js';
import type { CategoricalEncoding } from '../inputs/categoricalEncoding.js';
import type { OddsRatio } from '../evaluation/oddsRatios.js';
import type { TaskSpec } from '../tasks/taskSpec.js';
import type { TaskSearch } from './searchArtifact.js';
import type { SetMetrics } from '../evaluation/binaryMetrics.js';
import type { ReliabilityBin } from '../stats/calibrationMetrics.js';
import type { RocPoint } from '../stats/roc.js';

// Owned by the floors that compute them; re-exported for the artifact's readers.
export type { CalibrationMethod, ReliabilityBin, RocPoint, SerializedCalibrator, SetMetrics };

/** 2: tasks as data (definitions, pairwise and subgroup tasks), declared categorical inputs, selectors. */
export const ARTIFACT_SCHEMA_VERSION = 2;

/** A task's name (TaskSpec.name); the default tasks are over, low and zero. */
export type TaskName = string;

export interface ClassifierResult {
  kind: ClassifierKind;
  hyperparameters: Hyperparameters;
  /** Mean stratified 5-fold CV AUC of the chosen hyperparameters on training rows. */
  cvAuc: number;
  /** Every grid point tried and its CV AUC, for the report. */
  tuning: { hyperparameters: Hyperparameters; cvAuc: number }[];
  classifier: SerializedClassifier;
  calibration: SerializedCalibrator;
  /** Calibrated-probability threshold (Youden on training). */
  threshold: number;
  metrics: Partial<Record<SetName, SetMetrics>>;
  /** Logistic regression only: odds ratio per input with its 95% Wald CI, on the training rows. */
  oddsRatios?: OddsRatio[];
}

export interface DeLongComparison {
  against: ClassifierKind;
  set: SetName;
  aucDifference: number;
  z: number;
  pValue: number;
}

export interface TaskArtifact {
  /** What the task is: its positive and negative statuses and its subgroup. */
  definition: TaskSpec;
  /** "HER2-low vs HER2-zero", "HER2-over vs. others". */
  description: string;
  /** Candidate inputs (radiomic features, categorical columns) the selector chose, in its order. */
  selectedFeatures: string[];
  /** Clinical inputs appended to the imaging ones (e.g. er, pr, heterogeneity_index). */
  clinicalFeatures: string[];
  /**
   * Column order of the classifier input: the imaging inputs (features, `column=level` dummies of
   * categorical ones, or principal components pc1… when `projection` is set), then clinicalFeatures.
   */
  inputs: string[];
  /** PCA: how the imaging inputs are computed from the candidate features. */
  projection?: SelectionProjection;
  /** z-score parameters per input, fitted on training rows. */
  scaler: { mean: number[]; std: number[] };
  selection: {
    kind: SelectorKind;
    candidates: number;
    /** How many candidates passed the univariate filter (null: the selector has none). */
    passedFilter: number | null;
    /** Univariate p-value (or the selector's score) of each selected candidate on training rows. */
    scores: Record<string, number>;
    details: Record<string, number | string | boolean>;
  };
  best: ClassifierKind;
  models: Record<ClassifierKind, ClassifierResult>;
  /** Paired DeLong test of `best` against each other classifier on internal validation. */
  comparisons: DeLongComparison[];
  /** Preset `search` only: the pipeline search, whose `served` model prediction uses for this task. */
  search?: TaskSearch;
}

export interface FeatureRange {
  min: number;
  max: number;
  mean: number;
  std: number;
  /**
   * Imaging features: training quantiles at 0, 0.05, …, 1 (QUANTILE_PROBABILITIES), the reference
   * of quantile site adaptation. Absent on clinical inputs and on models trained before it existed.
   */
  quantiles?: number[];
}

export interface CohortSummaryCell {
  n: number;
  /** mean and sd of continuous clinical columns; count positive of binary ones. */
  age?: { mean: number; sd: number };
  suvMax?: { mean: number; sd: number };
  suvMean?: { mean: number; sd: number };
  erPositive?: number;
  prPositive?: number;
  ki67High?: number;
}

export interface ModelArtifact {
  schemaVersion: typeof ARTIFACT_SCHEMA_VERSION;
  /** Set when the artifact was written by an earlier schema and converted on reading (src/model/upgradeArtifact.ts). */
  upgradedFrom?: number;
  /** sha256 (hex) of the canonical JSON of the artifact without `id` and `createdAt`. */
  id: string;
  createdAt: string;
  /** True when trained on the synthetic demo cohort (or any cohort marked synthetic). */
  synthetic: boolean;
  intendedUse: string;
  provenance: {
    cohortSha256: string;
    cohortSource: string;
    reliability: {
      interSource?: string;
      intraSource?: string;
      /** True when neither repeat segmentation was given, so no feature was tested for reliability. */
      iccFilterSkipped?: boolean;
      iccThreshold: number;
      kept: number;
      total: number;
      /** Categorical inputs: Cohen's kappa threshold, and how many of the declared columns passed it. */
      kappaThreshold?: number;
      keptCategorical?: number;
      totalCategorical?: number;
    };
    externalSites: string[];
    /** PyRadiomics version and settings per modality, when the cohort file carried them (her2 cohort build). */
    extraction?: ExtractionProvenance;
    config: Record<string, unknown>;
    seed: number;
    packageVersions: Record<string, string>;
  };
  input: {
    /** Every radiomic feature any task needs. */
    features: string[];
    /** Every clinical input any task needs (raw names from the cohort format, e.g. er, pr, suv_max). */
    clinical: string[];
    /** Every categorical input any task needs (or defines its subgroup by), with its levels. */
    categorical: Record<string, CategoricalEncoding>;
    /** Training-row range of every input, for out-of-distribution warnings. */
    ranges: Record<string, FeatureRange>;
    missing: { policy: 'reject' | 'median'; medians: Record<string, number> };
    /**
     * Site harmonisation (config `harmonization: "combat"`): the ComBat state fitted on training rows,
     * for the model's features; `batches` are the sites it knows. Absent: features are used as sent.
     */
    harmonization?: FeatureHarmonisation;
  };
  cohortSummary: Record<SetName, Partial<Record<Her2Status, CohortSummaryCell>>>;
  /** Keyed by task name, in the configured order. */
  tasks: Record<TaskName, TaskArtifact>;
  /**
   * How the three calibrated one-vs-rest probabilities become one distribution over {over, low, zero};
   * method 'none' when the model lacks one of the three one-vs-rest tasks (no distribution is invented).
   */
  coupling: { method: 'normalized-ovr' | 'none'; description: string };
}
