/**
 * Fitting and applying the calibration map that turns a classifier's score into a probability,
 * in the artifact's JSON form (SerializedCalibrator).
 */
import type { BinaryLabels } from '../classifiers/classifier.js';
import { fitIsotonicCalibrator, interpolateClipped, type IsotonicCalibrator } from './isotonic.js';
import { fitSigmoidCalibrator, plattProbability, type SigmoidCalibrator } from './sigmoid.js';

export type CalibrationMethod = 'sigmoid' | 'isotonic';

/**
 * A calibration map in the artifact's JSON form: sigmoid p = 1 / (1 + exp(a·score + b)) (Platt's
 * form), or isotonic: piecewise-linear through (x, y), clipped at the ends.
 */
export type SerializedCalibrator = SigmoidCalibrator | IsotonicCalibrator;

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

/** Throws unless `calibrator` is a well-formed map (finite a and b; isotonic x, y non-empty, equal length). */
export function assertCalibrator(calibrator: SerializedCalibrator): void {
  if (calibrator.method === 'sigmoid') {
    if (!Number.isFinite(calibrator.a) || !Number.isFinite(calibrator.b))
      throw new Error('sigmoid calibrator: a and b must be finite');
    return;
  }
  if (calibrator.method === 'isotonic') {
    const { x, y } = calibrator;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length === 0 || x.length !== y.length)
      throw new Error('isotonic calibrator: x and y must be non-empty and of equal length');
    return;
  }
  throw new Error(`unknown calibration method: ${String((calibrator as { method: unknown }).method)}`);
}

/** Calibrated probability per score; a NaN score stays NaN. */
export function applyCalibrator(calibrator: SerializedCalibrator, scores: ArrayLike<number>): Float64Array {
  assertCalibrator(calibrator);
  const probabilities = new Float64Array(scores.length);
  if (calibrator.method === 'sigmoid') {
    const { a, b } = calibrator;
    for (let i = 0; i < scores.length; i++) probabilities[i] = plattProbability(a * scores[i] + b);
  } else {
    const { x, y } = calibrator;
    for (let i = 0; i < scores.length; i++) probabilities[i] = interpolateClipped(x, y, scores[i]);
  }
  return probabilities;
}
