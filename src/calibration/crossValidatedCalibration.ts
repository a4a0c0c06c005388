/**
 * Cross-validated calibration, scikit-learn's CalibratedClassifierCV(ensemble=False):
 *  1. for each fold, fit the classifier on the other folds and score the held-out fold, giving an
 *     out-of-fold score for every training row (scores the classifier has not seen the answer for);
 *  2. fit the calibration map on those out-of-fold scores;
 *  3. refit the classifier on all training rows.
 * The final model (a CalibratedClassifier) is the refitted classifier followed by that map. Calibrating on in-sample scores
 * instead would make RF and KNN (which nearly memorise training rows) look far too confident.
 */
import type { BinaryLabels, ClassifierSpec, Hyperparameters, Rows } from '../classifiers/classifier.js';
import { assertFoldsPartition, type Fold, scoreHeldOutFold } from '../modelSelection/folds.js';
import { deriveSeed } from '../stats/random.js';
import { CalibratedClassifier } from './calibratedClassifier.js';
import { fitCalibrator, type CalibrationMethod } from './calibrator.js';

export interface CrossValidatedCalibrationInput {
  spec: ClassifierSpec;
  rows: Rows;
  labels: BinaryLabels;
  hyperparameters: Hyperparameters;
  /** Folds over `rows`; their test parts must partition the rows. */
  folds: readonly Fold[];
  method: CalibrationMethod;
  seed: number;
}

export interface CrossValidatedCalibration {
  /** The classifier fitted on all rows, with the calibration map fitted on the out-of-fold scores. */
  model: CalibratedClassifier;
  /** Out-of-fold (uncalibrated) score of every row, in row order. */
  oofScores: Float64Array;
}

export function crossValidatedCalibration(input: CrossValidatedCalibrationInput): CrossValidatedCalibration {
  const { spec, rows, labels, hyperparameters, folds, method, seed } = input;
  if (labels.length !== rows.length)
    throw new Error(`cross-validated calibration: ${rows.length} rows but ${labels.length} labels`);
  assertFoldsPartition(folds, rows.length, 'cross-validated calibration');
  const oofScores = new Float64Array(rows.length);
  for (let k = 0; k < folds.length; k++) {
    const { test } = folds[k];
    const scores = scoreHeldOutFold(spec, rows, labels, hyperparameters, folds, k, seed);
    for (let t = 0; t < test.length; t++) oofScores[test[t]] = scores[t];
  }
  const calibrator = fitCalibrator(method, oofScores, labels);
  const classifier = spec.fit(rows, labels, hyperparameters, deriveSeed(seed, 'refit'));
  return { model: new CalibratedClassifier(classifier, calibrator), oofScores };
}
