/**
 * Empirical ROC curve.
 *
 * Definitions:
 * - A case is predicted positive when score ≥ threshold. Thresholds are the distinct observed
 *   scores in descending order, so there is exactly one point per distinct score; positives and
 *   negatives sharing a score move together, i.e. a tie is one diagonal step (which is why the
 *   trapezoidal area equals the Mann-Whitney AUC with ties counted half).
 * - The curve starts at (fpr 0, tpr 0) and ends at (1, 1) (the lowest observed score).
 * - The starting point's threshold must classify nobody as positive. +Infinity would, but the model
 *   artifact is JSON, where Infinity turns into null. We therefore use a finite sentinel:
 *   maxScore + 1 (for probabilities: a value > 1), or, if adding 1 is lost to rounding (|max| ≥ 2⁵³),
 *   the next representable double above maxScore. If the maximum score is +Infinity itself, the
 *   sentinel is +Infinity (nothing finite works); callers writing JSON should then expect null.
 * - Without positives tpr is 0/0 = NaN; without negatives fpr is NaN (JSON null). Throwing was the
 *   alternative; NaN keeps evaluation of a degenerate external set from aborting a training run.
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from './binaryInput.js';
import { ascendingOrder } from './midranks.js';

/** One point of an ROC curve: predicting positive when score ≥ threshold gives (fpr, tpr). */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

/** Smallest double strictly greater than x (finite x). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}

/** A finite threshold above every score, so that nobody is classified positive. */
export function thresholdAboveAll(maxScore: number): number {
  if (maxScore === Infinity) return Infinity;
  if (maxScore === -Infinity) return -Number.MAX_VALUE;
  const plusOne = maxScore + 1;
  if (plusOne > maxScore) return plusOne;
  return maxScore === Number.MAX_VALUE ? Infinity : nextUp(maxScore);
}

export function rocCurve(scores: Scores, labels: BinaryLabels): RocPoint[] {
  const { nPositive, nNegative } = checkBinaryInput(scores, labels);
  const n = scores.length;
  const order = ascendingOrder(scores);
  const maxScore = n > 0 ? scores[order[n - 1]] : 0;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: thresholdAboveAll(maxScore) }];
  let truePositives = 0;
  let falsePositives = 0;
  let k = n - 1;
  while (k >= 0) {
    const threshold = scores[order[k]];
    // Take every case with this score in one step.
    while (k >= 0 && scores[order[k]] === threshold) {
      if (labels[order[k]] === 1) truePositives++;
      else falsePositives++;
      k--;
    }
    points.push({ fpr: falsePositives / nNegative, tpr: truePositives / nPositive, threshold });
  }
  return points;
}

/** Trapezoidal area under a curve given as points with increasing fpr. */
export function trapezoidalArea(points: readonly RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    area += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  }
  return area;
}
