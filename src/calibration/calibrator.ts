/**
 * Fitting and applying the calibration map that turns a classifier's score into a probability,
 * in the artifact's JSON form (SerializedCalibrator).
 */
import type { BinaryLabels } from '../classifiers/classifier.js';
import type { CalibrationMethod, SerializedCalibrator } from '../model/artifact.js';
import { fitIsotonicCalibrator, interpolateClipped } from './isotonic.js';
import { fitSigmoidCalibrator, plattProbability } from './sigmoid.js';

export { fitIsotonicCalibrator } from './isotonic.js';
export { fitSigmoidCalibrator } from './sigmoid.js';

export function fitCalibrator(
  method: CalibrationMethod,
  scores: ArrayLike<number>,
  labels: BinaryLabels,
): SerializedCalibrator {
  switch (method) {
    case 'sigmoid':
      return fitSigmoidCalibrator(scores, labels);
    case 'isotonic':
      return fitIsotonicCalibrator(scores, labels);
    default:
      throw new Error(`unknown calibration method: ${String(method)}`);
  }
}

/** Calibrated probability per score; a NaN score stays NaN. */
export function applyCalibrator(calibrator: SerializedCalibrator, scores: ArrayLike<number>): Float64Array {
  const probabilities = new Float64Array(scores.length);
  if (calibrator.method === 'sigmoid') {
    const { a, b } = calibrator;
    if (!Number.isFinite(a) || !Number.isFinite(b))
      throw new Error('sigmoid calibrator: a and b must be finite');
    for (let i = 0; i < scores.length; i++) probabilities[i] = plattProbability(a * scores[i] + b);
    return probabilities;
  }
  if (calibrator.method === 'isotonic') {
    const { x, y } = calibrator;
    if (x.length === 0 || x.length !== y.length)
      throw new Error('isotonic calibrator: x and y must be non-empty and of equal length');
    for (let i = 0; i < scores.length; i++) probabilities[i] = interpolateClipped(x, y, scores[i]);
    return probabilities;
  }
  throw new Error(`unknown calibration method: ${String((calibrator as { method: unknown }).method)}`);
}
