/**
 * A searched pipeline fitted on all training rows, as the artifact stores it: the sized selection,
 * the scaler, the classifier at its hyperparameters wrapped in cross-validated calibration (as every
 * classifier of the paper's pipeline), restored from its JSON form so the probabilities computed
 * here are the ones the served model gives.
 */
import {
  restoreCalibratedClassifier,
  type SerializedCalibratedClassifier,
} from '../calibration/calibratedClassifier.js';
import type { CalibrationMethod } from '../calibration/calibrator.js';
import { crossValidatedCalibration } from '../calibration/crossValidatedCalibration.js';
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import type { PipelineMember } from '../model/searchArtifact.js';
import { deriveSeed } from '../stats/random.js';
import { stratifiedKFold } from '../stats/split.js';
import { fitPipelineDesign, scaledRows, type TaskData } from './pipelineDesign.js';
import { pipelineLabel, type PipelineSpec } from './searchSpace.js';

export interface FittedMember {
  member: PipelineMember;
  /** Calibrated probability for every patient. */
  probabilities: Float64Array;
  /** Calibrated out-of-fold probability per training row, in `trainingRows` order. */
  oofProbabilities: Float64Array;
}

export function fitMember(
  data: TaskData,
  clinicalFeatures: readonly string[],
  spec: PipelineSpec,
  trainingRows: Int32Array,
  options: { cvFolds: number; calibration: CalibrationMethod; seed: number },
): FittedMember {
  const design = fitPipelineDesign(data, spec, trainingRows, deriveSeed(options.seed, 'selection'));
  const classifierSpec = CLASSIFIER_SPECS[spec.classifier];
  const trainLabels = Uint8Array.from(trainingRows, (i) => data.labels[i]);
  const calibrated = crossValidatedCalibration({
    spec: classifierSpec,
    rows: scaledRows(design, trainingRows),
    labels: trainLabels,
    hyperparameters: spec.hyperparameters,
    folds: stratifiedKFold(trainLabels, options.cvFolds, deriveSeed(options.seed, 'calibration-folds')),
    method: options.calibration,
    seed: deriveSeed(options.seed, 'calibration'),
  });
  const serialized = JSON.parse(JSON.stringify(calibrated.model.toJSON())) as SerializedCalibratedClassifier;
  const served = restoreCalibratedClassifier(serialized, (c) => classifierSpec.restore(c));
  const all = Int32Array.from(data.labels, (_, i) => i);
  const selection = design.selection;
  return {
    member: {
      label: pipelineLabel(spec),
      pipeline: { ...spec, hyperparameters: { ...spec.hyperparameters } },
      selectedFeatures: selection.selected.map((j) => data.candidates[j].name),
      inputs: [...design.imagingNames, ...clinicalFeatures],
      ...(selection.projection ? { projection: selection.projection } : {}),
      scaler: { mean: [...design.scaler.mean], std: [...design.scaler.std] },
      classifier: serialized.classifier,
      calibration: serialized.calibration,
    },
    probabilities: served.predictProba(scaledRows(design, all)),
    oofProbabilities: served.calibrate(calibrated.oofScores),
  };
}
