/**
 * A fitted classifier and its calibration map as one object: what training fits, what evaluation
 * scores and what serving restores, so all three turn rows into probabilities the same way:
 *   predictProba(rows) = calibration map(classifier.score(rows)).
 * Its JSON form is the pair the artifact stores per classifier: { classifier, calibration }.
 */
import type { FittedClassifier, Rows, SerializedClassifier } from '../classifiers/classifier.js';
import { restoreClassifier } from '../classifiers/index.js';
import { applyCalibrator, assertCalibrator, type SerializedCalibrator } from './calibrator.js';

export interface SerializedCalibratedClassifier {
  classifier: SerializedClassifier;
  calibration: SerializedCalibrator;
}

export class CalibratedClassifier {
  constructor(
    readonly classifier: FittedClassifier,
    readonly calibrator: SerializedCalibrator,
  ) {
    assertCalibrator(calibrator);
  }

  get kind(): FittedClassifier['kind'] {
    return this.classifier.kind;
  }

  /** Calibrated probability of the positive class per row. */
  predictProba(rows: Rows): Float64Array {
    return this.calibrate(this.classifier.score(rows));
  }

  /** The calibration map alone, for scores this classifier's kind produced (e.g. out-of-fold ones). */
  calibrate(scores: ArrayLike<number>): Float64Array {
    return applyCalibrator(this.calibrator, scores);
  }

  toJSON(): SerializedCalibratedClassifier {
    return { classifier: this.classifier.toJSON(), calibration: this.calibrator };
  }
}

/**
 * Restores a CalibratedClassifier from its JSON form; `restore` rebuilds the classifier (default:
 * by its kind, from the classifier registry).
 */
export function restoreCalibratedClassifier(
  serialized: SerializedCalibratedClassifier,
  restore: (classifier: SerializedClassifier) => FittedClassifier = restoreClassifier,
): CalibratedClassifier {
  return new CalibratedClassifier(restore(serialized.classifier), serialized.calibration);
}
