/**
 * Calibration of predicted probabilities p ∈ [0, 1] against 0/1 outcomes y.
 *
 * Definitions (Van Calster et al., J Clin Epidemiol 2016 "A calibration hierarchy…" and BMC Med 2019
 * "Calibration: the Achilles heel…"; Steyerberg, Clinical Prediction Models):
 * - Brier score = (1/n)·Σ (pᵢ − yᵢ)².
 * - Calibration slope b: from the logistic recalibration model logit P(y = 1) = a + b·logit(p).
 *   b = 1 is ideal; b < 1 means predictions are too extreme (overfitting), b > 1 too modest.
 * - Calibration intercept ("calibration-in-the-large") a′: from logit P(y = 1) = a′ + offset(logit p),
 *   i.e. the slope fixed at 1. a′ = 0 is ideal; a′ < 0 means risks are overestimated on average.
 *   (This is NOT the a of the slope model, which mixes in the slope; that model's a is not reported.)
 * - logit(p) uses p clipped to [1e−12, 1 − 1e−12], so predictions of exactly 0 or 1 stay finite.
 * - Both are maximum-likelihood fits by Newton-Raphson (logisticFit.ts). When a fit has no finite
 *   optimum — outcomes all one class, y perfectly separated by p (slope → ∞), or constant p (slope
 *   not identifiable) — the value is NaN and the matching `converged` flag false.
 * - Expected calibration error with B equal-width bins on [0, 1]:
 *     ECE = Σ_b (n_b/n)·|mean p in b − fraction of y = 1 in b|.
 *   Bin b (0-based) holds p with b/B ≤ p < (b+1)/B, computed as min(⌊p·B⌋, B − 1), so p = 1 falls in
 *   the last bin. Empty bins contribute nothing.
 * - reliabilityBins: the same bins, one entry per NON-EMPTY bin (empty bins are omitted, so there are
 *   no NaN means in the artifact), with bounds [b/B, (b+1)/B].
 * - Probabilities outside [0, 1] or NaN, and outcomes other than 0/1, throw a RangeError. An empty
 *   input gives NaN for Brier and ECE and no bins.
 */
import { checkBinaryInput, type BinaryLabels } from './binaryInput.js';
import { fitLogisticRegression } from './logisticFit.js';

export const PROBABILITY_CLIP = 1e-12;

/** One non-empty equal-width bin of a reliability diagram. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

function checkProbabilities(probabilities: ArrayLike<number>, outcomes: BinaryLabels): void {
  checkBinaryInput(probabilities, outcomes, 'probabilities');
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probabilities[${i}] = ${p} is outside [0, 1]`);
  }
}

export function brierScore(probabilities: ArrayLike<number>, outcomes: BinaryLabels): number {
  checkProbabilities(probabilities, outcomes);
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i] - outcomes[i]) ** 2;
  return sum / probabilities.length;
}

/** logit of p clipped to [1e−12, 1 − 1e−12]. */
export function clippedLogit(p: number): number {
  const clipped = Math.min(1 - PROBABILITY_CLIP, Math.max(PROBABILITY_CLIP, p));
  return Math.log(clipped / (1 - clipped));
}

export interface CalibrationInterceptSlope {
  /** Calibration-in-the-large a′ (slope fixed at 1); NaN if its fit did not converge. */
  intercept: number;
  /** Calibration slope b; NaN if its fit did not converge. */
  slope: number;
  converged: { intercept: boolean; slope: boolean };
}

export function calibrationInterceptSlope(
  probabilities: ArrayLike<number>,
  outcomes: BinaryLabels,
): CalibrationInterceptSlope {
  checkProbabilities(probabilities, outcomes);
  const logits = new Float64Array(probabilities.length);
  for (let i = 0; i < logits.length; i++) logits[i] = clippedLogit(probabilities[i]);

  const inTheLarge = fitLogisticRegression([], outcomes, { offset: logits });
  const interceptOk = inTheLarge.converged && logits.length > 0;

  // A constant predictor makes the slope unidentifiable; say so instead of relying on a pivot test.
  let constant = true;
  for (let i = 1; i < logits.length; i++) if (logits[i] !== logits[0]) constant = false;
  const slopeFit = constant ? null : fitLogisticRegression([logits], outcomes);
  const slopeOk = slopeFit !== null && slopeFit.converged;

  return {
    intercept: interceptOk ? inTheLarge.coefficients[0] : NaN,
    slope: slopeOk ? slopeFit.coefficients[1] : NaN,
    converged: { intercept: interceptOk, slope: slopeOk },
  };
}

/** Index of the equal-width bin holding p (last bin closed at 1). */
function binIndex(p: number, bins: number): number {
  return Math.min(Math.floor(p * bins), bins - 1);
}

export function reliabilityBins(
  probabilities: ArrayLike<number>,
  outcomes: BinaryLabels,
  bins = 10,
): ReliabilityBin[] {
  checkProbabilities(probabilities, outcomes);
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const counts = new Float64Array(bins);
  const probabilitySums = new Float64Array(bins);
  const positiveCounts = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const b = binIndex(probabilities[i], bins);
    counts[b]++;
    probabilitySums[b] += probabilities[i];
    positiveCounts[b] += outcomes[i];
  }
  const result: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (counts[b] === 0) continue;
    result.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: counts[b],
      meanPredicted: probabilitySums[b] / counts[b],
      observedRate: positiveCounts[b] / counts[b],
    });
  }
  return result;
}

export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  outcomes: BinaryLabels,
  bins = 10,
): number {
  const n = probabilities.length;
  if (n === 0) {
    checkProbabilities(probabilities, outcomes);
    return NaN;
  }
  let ece = 0;
  for (const bin of reliabilityBins(probabilities, outcomes, bins)) {
    ece += (bin.count / n) * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return ece;
}
