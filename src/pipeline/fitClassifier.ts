/**
 * Stages 4-6 for one task and one classifier, on training rows only: tune hyperparameters by
 * stratified k-fold CV AUC, wrap the tuned classifier in cross-validated calibration, fix the
 * Youden threshold on the out-of-fold calibrated training probabilities (in-sample probabilities of
 * RF or KNN would put it far too high), then evaluate on every set.
 */
import type { BinaryLabels, ClassifierSpec, Rows } from '../classifiers/classifier.js';
import {
  restoreCalibratedClassifier,
  type SerializedCalibratedClassifier,
} from '../calibration/calibratedClassifier.js';
import { crossValidatedCalibration } from '../calibration/crossValidatedCalibration.js';
import type { SetName } from '../cohort/cohort.js';
import { evaluateBinary } from '../evaluation/binaryMetrics.js';
import type { CalibrationMethod, ClassifierResult } from '../model/artifact.js';
import { gridSearch } from '../modelSelection/gridSearch.js';
import { aucMannWhitney } from '../stats/auc.js';
import { deriveSeed } from '../stats/random.js';
import { stratifiedKFold } from '../stats/split.js';
import { youdenThreshold } from '../stats/youden.js';

export interface FitClassifierInput {
  spec: ClassifierSpec;
  /** Scaled design matrix over all patients. */
  rows: Rows;
  labels: BinaryLabels;
  sets: Record<SetName, Int32Array>;
  cvFolds: number;
  calibration: CalibrationMethod;
  calibrationBins: number;
  seed: number;
}

export interface FittedClassifierOutcome {
  result: ClassifierResult;
  /** Calibrated probability for every patient (all sets), for paired comparisons. */
  probabilities: Float64Array;
}

const pick = <T>(items: readonly T[], rows: Int32Array): T[] => Array.from(rows, (i) => items[i]);
const pickLabels = (labels: BinaryLabels, rows: Int32Array): Uint8Array =>
  Uint8Array.from(rows, (i) => labels[i]);

export function fitClassifier(input: FitClassifierInput): FittedClassifierOutcome {
  const { spec, rows, labels, sets, seed } = input;
  const trainRows = pick(rows, sets.training);
  const trainLabels = pickLabels(labels, sets.training);

  const tuningFolds = stratifiedKFold(trainLabels, input.cvFolds, deriveSeed(seed, 'tuning-folds'));
  const tuning = gridSearch(
    spec,
    trainRows,
    trainLabels,
    tuningFolds,
    aucMannWhitney,
    deriveSeed(seed, 'tuning'),
  );

  const calibrationFolds = stratifiedKFold(trainLabels, input.cvFolds, deriveSeed(seed, 'calibration-folds'));
  const calibrated = crossValidatedCalibration({
    spec,
    rows: trainRows,
    labels: trainLabels,
    hyperparameters: tuning.best,
    folds: calibrationFolds,
    method: input.calibration,
    seed: deriveSeed(seed, 'calibration'),
  });

  // Score with the model as restored from its JSON form: the stored metrics then describe exactly
  // the model a reader of the artifact serves (libsvm's model text rounds to 8 significant digits).
  const serialized = calibrated.model.toJSON();
  const served = restoreCalibratedClassifier(
    JSON.parse(JSON.stringify(serialized)) as SerializedCalibratedClassifier,
    (classifier) => spec.restore(classifier),
  );
  const probabilities = served.predictProba(rows);
  const oofProbabilities = served.calibrate(calibrated.oofScores);
  const threshold = youdenThreshold(oofProbabilities, trainLabels).threshold;

  const metrics: ClassifierResult['metrics'] = {};
  for (const set of Object.keys(sets) as SetName[]) {
    const setRows = sets[set];
    if (setRows.length === 0) continue;
    metrics[set] = evaluateBinary(
      Float64Array.from(setRows, (i) => probabilities[i]),
      pickLabels(labels, setRows),
      threshold,
      { bins: input.calibrationBins },
    );
  }

  return {
    probabilities,
    result: {
      kind: spec.kind,
      hyperparameters: tuning.best,
      cvAuc: tuning.cvAuc,
      tuning: tuning.tuning,
      classifier: serialized.classifier,
      calibration: serialized.calibration,
      threshold,
      metrics,
    },
  };
}
