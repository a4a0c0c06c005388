/**
 * The Brown–Forsythe test of equal spread (Brown & Forsythe 1974; scipy.stats.levene with
 * center='median'): the absolute deviation of every value from its own group's median, compared
 * between the groups by one-way ANOVA, which for two groups is Student's pooled-variance t-test
 * (F = t²). It sees a class that widens a feature's distribution without moving its mean, which a
 * test of location misses; the median centre keeps it robust to skewed features.
 */
import { studentTTest } from './tTest.js';

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

function absoluteDeviations(values: Float64Array): Float64Array {
  const centre = median(values);
  return values.map((v) => Math.abs(v - centre));
}

/** Two-sided p-value of the Brown–Forsythe test between two samples. */
export function brownForsytheTest(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return studentTTest(absoluteDeviations(Float64Array.from(a)), absoluteDeviations(Float64Array.from(b)))
    .pValue;
}

/**
 * Brown–Forsythe p-value per feature, positive vs negative class, on a subset of rows; the same
 * conventions as welchTTestColumns (features[j][i], rows are patient indices, labels by patient).
 */
export function brownForsytheColumns(
  features: readonly Float64Array[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
): Float64Array {
  const positive: number[] = [];
  const negative: number[] = [];
  for (let m = 0; m < rows.length; m++) (labels[rows[m]] ? positive : negative).push(rows[m]);
  return Float64Array.from(features, (column) =>
    brownForsytheTest(
      positive.map((i) => column[i]),
      negative.map((i) => column[i]),
    ),
  );
}
