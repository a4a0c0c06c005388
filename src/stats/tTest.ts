/**
 * Two-sample t-tests (two-sided), for the univariate feature screen of Hou et al. 2025.
 *
 * - welchTTest: unequal variances; t = (mean_a − mean_b) / sqrt(s²_a/n_a + s²_b/n_b) with the
 *   Welch–Satterthwaite df = (s²_a/n_a + s²_b/n_b)² / ((s²_a/n_a)²/(n_a−1) + (s²_b/n_b)²/(n_b−1)).
 *   Same as scipy.stats.ttest_ind(a, b, equal_var=False). Needs n >= 2 in each group.
 * - studentTTest: pooled variance s²_p = ((n_a−1)s²_a + (n_b−1)s²_b)/(n_a+n_b−2), df = n_a+n_b−2.
 *   Same as scipy.stats.ttest_ind(a, b, equal_var=True). Needs n >= 1 per group and n_a+n_b >= 3.
 * Sample variances use n − 1. The sign of t is that of mean_a − mean_b.
 *
 * Definition choices (where scipy returns NaN or warns):
 * - A group whose values are all identical has variance exactly 0 and mean exactly that value
 *   (detected by min === max, so rounding in sum/n cannot create a spurious difference).
 * - Both groups constant with equal values (e.g. a feature constant on the training rows):
 *   t = 0, p = 1 — no evidence of a difference, so the screen drops the feature.
 *   Both constant with different values: t = ±Infinity, p = 0 (perfect separation).
 *   In both cases Welch's df is 0/0; we report df = n_a + n_b − 2.
 * - Only one group constant needs no special case: the formulas stay finite (Welch df = n − 1 of
 *   the other group).
 * - A NaN value gives t = df = p = NaN for that test; the screen treats NaN as not significant.
 */

import { studentTTwoSidedP } from './studentT.js';

export interface TTestResult {
  t: number;
  df: number;
  pValue: number;
}

interface GroupSummary {
  n: number;
  mean: number;
  variance: number;
  hasNaN: boolean;
}

/** Mean and n−1 sample variance of values[indices[*]] (or all values when indices is null). */
function summarize(values: ArrayLike<number>, indices: Int32Array | null): GroupSummary {
  const n = indices === null ? values.length : indices.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let hasNaN = false;
  for (let m = 0; m < n; m++) {
    const x = values[indices === null ? m : indices[m]];
    if (Number.isNaN(x)) hasNaN = true;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (hasNaN) return { n, mean: NaN, variance: NaN, hasNaN };
  if (min === max) return { n, mean: min, variance: 0, hasNaN };
  const mean = sum / n;
  let ss = 0;
  for (let m = 0; m < n; m++) {
    const d = values[indices === null ? m : indices[m]] - mean;
    ss += d * d;
  }
  return { n, mean, variance: ss / (n - 1), hasNaN };
}

const NAN_RESULT: TTestResult = { t: NaN, df: NaN, pValue: NaN };

function welchFromSummaries(a: GroupSummary, b: GroupSummary): TTestResult {
  if (a.hasNaN || b.hasNaN) return { ...NAN_RESULT };
  const diff = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  if (se2 === 0) return degenerate(diff, a.n + b.n - 2);
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}

function studentFromSummaries(a: GroupSummary, b: GroupSummary): TTestResult {
  if (a.hasNaN || b.hasNaN) return { ...NAN_RESULT };
  const diff = a.mean - b.mean;
  const df = a.n + b.n - 2;
  // n = 1 groups have variance 0 from summarize (min === max), contributing nothing to the pool.
  const pooled = ((a.n - 1) * a.variance + (b.n - 1) * b.variance) / df;
  const se2 = pooled * (1 / a.n + 1 / b.n);
  if (se2 === 0) return degenerate(diff, df);
  const t = diff / Math.sqrt(se2);
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}

/** Zero standard error: identical constants → p = 1, different constants → p = 0. */
function degenerate(diff: number, df: number): TTestResult {
  if (diff === 0) return { t: 0, df, pValue: 1 };
  return { t: diff > 0 ? Infinity : -Infinity, df, pValue: 0 };
}

function checkWelchSizes(na: number, nb: number): void {
  if (na < 2 || nb < 2)
    throw new RangeError(`Welch t-test needs at least 2 values per group, got ${na} and ${nb}`);
}

function checkStudentSizes(na: number, nb: number): void {
  if (na < 1 || nb < 1 || na + nb < 3) {
    throw new RangeError(`Student t-test needs >= 1 value per group and >= 3 in total, got ${na} and ${nb}`);
  }
}

/** Welch's unequal-variance two-sample t-test, two-sided. */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  checkWelchSizes(a.length, b.length);
  return welchFromSummaries(summarize(a, null), summarize(b, null));
}

/** Student's pooled-variance two-sample t-test, two-sided. */
export function studentTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  checkStudentSizes(a.length, b.length);
  return studentFromSummaries(summarize(a, null), summarize(b, null));
}

/** Splits the selected rows into positive (label truthy / 1) and negative row lists. */
function splitRowsByLabel(
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
): [Int32Array, Int32Array] {
  let positives = 0;
  for (let m = 0; m < rows.length; m++) if (labels[rows[m]]) positives++;
  const positive = new Int32Array(positives);
  const negative = new Int32Array(rows.length - positives);
  let p = 0;
  let q = 0;
  for (let m = 0; m < rows.length; m++) {
    const row = rows[m];
    if (labels[row]) positive[p++] = row;
    else negative[q++] = row;
  }
  return [positive, negative];
}

function columnsTest(
  features: readonly Float64Array[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  equalVariance: boolean,
): Float64Array {
  const [positive, negative] = splitRowsByLabel(rows, labels);
  if (equalVariance) checkStudentSizes(positive.length, negative.length);
  else checkWelchSizes(positive.length, negative.length);
  const pValues = new Float64Array(features.length);
  for (let j = 0; j < features.length; j++) {
    const a = summarize(features[j], positive);
    const b = summarize(features[j], negative);
    pValues[j] = (equalVariance ? studentFromSummaries(a, b) : welchFromSummaries(a, b)).pValue;
  }
  return pValues;
}

/**
 * Welch p-value per feature, positive vs negative class, on a subset of rows.
 * features[j][i] is feature j of patient i; rows are patient indices (e.g. the training rows);
 * labels is indexed by patient (not by position in rows): truthy / 1 = positive class.
 */
export function welchTTestColumns(
  features: readonly Float64Array[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
): Float64Array {
  return columnsTest(features, rows, labels, false);
}

/** Student (pooled-variance) p-value per feature; same conventions as welchTTestColumns. */
export function studentTTestColumns(
  features: readonly Float64Array[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
): Float64Array {
  return columnsTest(features, rows, labels, true);
}
