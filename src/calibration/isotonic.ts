/**
 * Isotonic calibration as scikit-learn's IsotonicRegression(increasing=True, out_of_bounds='clip'):
 *  1. sort by score; equal scores are merged into one point whose value is their mean label and whose
 *     weight is their count (ties handled as one observation);
 *  2. pool adjacent violators (weighted) → a non-decreasing step function over the unique scores;
 *  3. keep only the first and last point of every flat block (plus the ends);
 * prediction interpolates linearly between kept points and clips outside [min score, max score].
 */
import type { BinaryLabels } from '../classifiers/classifier.js';

export interface IsotonicCalibrator {
  method: 'isotonic';
  x: number[];
  y: number[];
}

/** Weighted pool-adjacent-violators: the non-decreasing fit minimising Σ w (fit − value)². */
export function poolAdjacentViolators(values: ArrayLike<number>, weights: ArrayLike<number>): Float64Array {
  const m = values.length;
  // Stack of blocks: mean, weight, and the number of points each block spans.
  const blockMean = new Float64Array(m);
  const blockWeight = new Float64Array(m);
  const blockSize = new Int32Array(m);
  let blocks = 0;
  for (let i = 0; i < m; i++) {
    blockMean[blocks] = values[i];
    blockWeight[blocks] = weights[i];
    blockSize[blocks] = 1;
    blocks++;
    while (blocks > 1 && blockMean[blocks - 2] > blockMean[blocks - 1]) {
      const w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
      blockMean[blocks - 2] =
        (blockMean[blocks - 2] * blockWeight[blocks - 2] + blockMean[blocks - 1] * blockWeight[blocks - 1]) /
        w;
      blockWeight[blocks - 2] = w;
      blockSize[blocks - 2] += blockSize[blocks - 1];
      blocks--;
    }
  }
  const fitted = new Float64Array(m);
  let position = 0;
  for (let k = 0; k < blocks; k++) {
    for (let r = 0; r < blockSize[k]; r++) fitted[position++] = blockMean[k];
  }
  return fitted;
}

export function fitIsotonicCalibrator(scores: ArrayLike<number>, labels: BinaryLabels): IsotonicCalibrator {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`isotonic calibration: ${scores.length} scores but ${n} labels`);
  if (n === 0) throw new Error('isotonic calibration: no scores');
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(scores[i])) throw new Error(`isotonic calibration: score ${i} is not finite`);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i] - scores[j] || i - j);

  const uniqueX: number[] = [];
  const meanY: number[] = [];
  const weight: number[] = [];
  for (const i of order) {
    const last = uniqueX.length - 1;
    if (last >= 0 && uniqueX[last] === scores[i]) {
      meanY[last] += labels[i];
      weight[last] += 1;
    } else {
      uniqueX.push(scores[i]);
      meanY.push(labels[i]);
      weight.push(1);
    }
  }
  for (let k = 0; k < meanY.length; k++) meanY[k] /= weight[k];

  const fitted = poolAdjacentViolators(meanY, weight);
  const x: number[] = [];
  const y: number[] = [];
  const m = uniqueX.length;
  for (let k = 0; k < m; k++) {
    // Interior points equal to both neighbours add nothing to the linear interpolation.
    const redundant = k > 0 && k < m - 1 && fitted[k] === fitted[k - 1] && fitted[k] === fitted[k + 1];
    if (!redundant) {
      x.push(uniqueX[k]);
      y.push(fitted[k]);
    }
  }
  return { method: 'isotonic', x, y };
}

/** Piecewise-linear interpolation through (x, y), constant beyond the ends. */
export function interpolateClipped(x: readonly number[], y: readonly number[], score: number): number {
  const m = x.length;
  if (Number.isNaN(score)) return NaN;
  if (score <= x[0]) return y[0];
  if (score >= x[m - 1]) return y[m - 1];
  // Largest k with x[k] <= score; x is strictly increasing.
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}
