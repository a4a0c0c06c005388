/**
 * Platt scaling (Platt 1999), exactly as scikit-learn's _sigmoid_calibration (1.2):
 *   p(s) = 1 / (1 + exp(a·s + b)),
 * (a < 0 when higher scores mean more positive) fitted by minimising the cross-entropy against
 * Platt's prior-corrected targets
 *   t = (n₊ + 1) / (n₊ + 2) for positives,  t = 1 / (n₋ + 2) for negatives,
 * which keep the fit finite on separable scores and shrink extreme probabilities on small samples.
 * In logistic-regression terms this is P = σ(β₀ + β₁·s) fitted to the soft outcomes t, with
 * a = −β₁ and b = −β₀; the fit is the project's Newton solver (stats/logisticFit.ts), which reaches
 * the optimum of this convex objective. (scikit-learn minimises the same objective with BFGS at its
 * default gradient tolerance 1e−5, so its a and b differ from the optimum in the 7th–8th digit.)
 * All scores equal carry no information about a: a = 0 and only b is fitted (p = mean target).
 */
import type { BinaryLabels } from '../classifiers/classifier.js';
import { fitLogisticRegression, logistic } from '../stats/logisticFit.js';

export interface SigmoidCalibrator {
  method: 'sigmoid';
  a: number;
  b: number;
}

/** p = 1 / (1 + e^z) without overflow. */
export function plattProbability(z: number): number {
  return logistic(-z);
}

/** Platt's prior-corrected targets. */
export function plattTargets(labels: BinaryLabels): Float64Array {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  return Float64Array.from(labels, (y) => (y === 1 ? high : low));
}

export function fitSigmoidCalibrator(scores: ArrayLike<number>, labels: BinaryLabels): SigmoidCalibrator {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`sigmoid calibration: ${scores.length} scores but ${n} labels`);
  if (n === 0) throw new Error('sigmoid calibration: no scores');
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(scores[i])) throw new Error(`sigmoid calibration: score ${i} is not finite`);
  const targets = plattTargets(labels);
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (scores[i] !== scores[0]) constant = false;
  if (!constant) {
    const fit = fitLogisticRegression([scores], targets);
    // Soft targets strictly inside (0, 1) keep the optimum finite; only scores too close to
    // constant for the Newton system (singular) fall through to the intercept-only fit.
    if (!fit.singular) return { method: 'sigmoid', a: -fit.coefficients[1], b: -fit.coefficients[0] };
  }
  const interceptOnly = fitLogisticRegression([], targets);
  return { method: 'sigmoid', a: 0, b: -interceptOnly.coefficients[0] };
}
