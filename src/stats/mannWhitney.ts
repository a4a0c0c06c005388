/**
 * Mann–Whitney U test (Wilcoxon rank-sum), two-sided — the continuous univariate screen of
 * Shen et al. (as an alternative to the Welch t-test of Hou et al.).
 *
 * Definitions, those of scipy.stats.mannwhitneyu(a, b, use_continuity=True,
 * alternative='two-sided', method=...) in scipy 1.10 and 1.17 (the same in both):
 * - u = U₁ = R₁ − n₁(n₁+1)/2, with R₁ the sum of a's midranks in the pooled sample (a tie between
 *   a and b counts one half). U₂ = n₁n₂ − U₁; the p-value uses U = max(U₁, U₂).
 * - 'asymptotic': z = (U − n₁n₂/2 − ½) / σ with the tie-corrected
 *   σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))) (t = size of each tie group) and the
 *   continuity correction ½ (option `continuity`, default true); p = min(1, 2·(1 − Φ(z))).
 * - 'exact': p = min(1, 2·P(U' >= ⌊U⌋)) under the no-ties null distribution of U' (every
 *   assignment of ranks 1..n to the groups equally likely). Ties are not corrected for (as scipy).
 *   The distribution is built by the recurrence
 *   P_{m,n}(k) = m/(m+n)·P_{m−1,n}(k − n) + n/(m+n)·P_{m,n−1}(k), whose terms are all positive
 *   (no cancellation), truncated at the k the tail needs: O(n₁·n₂·k) work, O(min(n₁,n₂)·k) memory.
 * - 'auto' (default): exact when min(n₁, n₂) <= 8 and there are no ties in the pooled sample,
 *   otherwise asymptotic — scipy's rule in both 1.10 and 1.17 (exact when n₁ <= 8 or n₂ <= 8).
 *   Exact p for small samples matters: with 5 vs 5 the normal approximation is off by ~10%.
 * Degenerate cases (defined, not NaN): all values tied gives σ = 0; with continuity the numerator
 * is −½ so z = −∞ and p = 1 (scipy gives 1 too); without continuity p = 1 is defined here (scipy:
 * NaN) — no evidence of a difference, so a screen drops the feature.
 * Bad input is a RangeError: an empty group, a NaN value (named by its position), or for the
 * column form a column/label mismatch. ±Infinity values rank normally.
 */

import { ascendingOrder } from './midranks.js';
import { normalCdf } from './normal.js';

export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

export interface MannWhitneyOptions {
  method?: MannWhitneyMethod;
  /** Continuity correction of the normal approximation (default true, as scipy). */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  /** U₁, the statistic of the first sample (scipy's `statistic`). */
  u: number;
  pValue: number;
  /** The method actually used (after 'auto' has chosen). */
  method: 'exact' | 'asymptotic';
}

/** Largest group size for which 'auto' uses the exact distribution (scipy's rule). */
export const EXACT_MAX_SMALLER_GROUP = 8;

/** Rank sum of the first group and the tie term Σ(t³ − t), from pooled values and a group mask. */
interface RankSummary {
  rankSumFirst: number;
  tieTerm: number;
}

function rankSummary(pooled: Float64Array, isFirst: Uint8Array): RankSummary {
  const order = ascendingOrder(pooled);
  let rankSumFirst = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < pooled.length) {
    let end = start + 1;
    while (end < pooled.length && pooled[order[end]] === pooled[order[start]]) end++;
    const t = end - start;
    const midrank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) if (isFirst[order[k]]) rankSumFirst += midrank;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { rankSumFirst, tieTerm };
}

/**
 * P(U' <= k) for the exact no-ties null distribution of U with group sizes m and n.
 * Exported for tests and for callers who want exact tails directly.
 */
export function mannWhitneyExactCdf(k: number, m: number, n: number): number {
  if (k < 0) return 0;
  if (k >= m * n) return 1;
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  // column[i] = pmf of U for sizes (i, j), truncated to 0..min(k, i·j) (entries past the end are
  // 0), for the current j; only one column of small + 1 arrays is kept: O(small · k) memory.
  const at = (pmf: Float64Array, u: number): number => (u >= 0 && u < pmf.length ? pmf[u] : 0);
  let column: Float64Array[] = Array.from({ length: small + 1 }, () => Float64Array.of(1)); // j = 0: U = 0
  for (let j = 1; j <= large; j++) {
    const next: Float64Array[] = [Float64Array.of(1)]; // i = 0: U = 0 surely
    for (let i = 1; i <= small; i++) {
      const pmf = new Float64Array(Math.min(k, i * j) + 1);
      const iGroupHasLargest = next[i - 1]; // sizes (i − 1, j): the largest value adds j to U
      const jGroupHasLargest = column[i]; // sizes (i, j − 1): the largest value adds nothing
      for (let u = 0; u < pmf.length; u++) {
        pmf[u] = (i * at(iGroupHasLargest, u - j) + j * at(jGroupHasLargest, u)) / (i + j);
      }
      next.push(pmf);
    }
    column = next;
  }
  let cdf = 0;
  for (const mass of column[small]) cdf += mass;
  return Math.min(1, cdf);
}

function chooseMethod(
  method: MannWhitneyMethod,
  n1: number,
  n2: number,
  tieTerm: number,
): 'exact' | 'asymptotic' {
  if (method !== 'auto') return method;
  if (n1 > EXACT_MAX_SMALLER_GROUP && n2 > EXACT_MAX_SMALLER_GROUP) return 'asymptotic';
  return tieTerm > 0 ? 'asymptotic' : 'exact';
}

function testFromPooled(
  pooled: Float64Array,
  isFirst: Uint8Array,
  n1: number,
  options: MannWhitneyOptions,
): MannWhitneyResult {
  const n2 = pooled.length - n1;
  if (n1 === 0 || n2 === 0)
    throw new RangeError(`Mann-Whitney U needs both groups non-empty, got ${n1} and ${n2}`);
  const { rankSumFirst, tieTerm } = rankSummary(pooled, isFirst);
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const uMax = Math.max(u, n1 * n2 - u);
  const method = chooseMethod(options.method ?? 'auto', n1, n2, tieTerm);
  if (method === 'exact') {
    // P(U' >= uMax) = P(U' <= n1·n2 − uMax) by symmetry of the null distribution.
    const tail = mannWhitneyExactCdf(n1 * n2 - Math.trunc(uMax), n1, n2);
    return { u, pValue: Math.min(1, 2 * tail), method };
  }
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const numerator = uMax - (n1 * n2) / 2 - (options.continuity === false ? 0 : 0.5);
  if (!(sigma > 0) || numerator <= 0) return { u, pValue: 1, method };
  return { u, pValue: Math.min(1, 2 * normalCdf(-numerator / sigma)), method };
}

function checkNoNaN(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++)
    if (Number.isNaN(values[i])) throw new RangeError(`${what}[${i}] is NaN`);
}

/** Two-sided Mann–Whitney U test of sample a against sample b. */
export function mannWhitneyU(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  checkNoNaN(a, 'a');
  checkNoNaN(b, 'b');
  const pooled = new Float64Array(a.length + b.length);
  const isFirst = new Uint8Array(pooled.length);
  for (let i = 0; i < a.length; i++) {
    pooled[i] = a[i];
    isFirst[i] = 1;
  }
  for (let i = 0; i < b.length; i++) pooled[a.length + i] = b[i];
  return testFromPooled(pooled, isFirst, a.length, options);
}

/**
 * Mann–Whitney p-value per feature, positive (a) vs negative (b) class, on a subset of rows — the
 * same conventions as tTest.ts's welchTTestColumns: features[j][i] is feature j of patient i; rows
 * are patient indices (e.g. the training rows); labels is indexed by patient, truthy / 1 = positive.
 * 'auto' chooses the method per column (ties differ between columns).
 */
export function mannWhitneyColumns(
  features: readonly ArrayLike<number>[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  options: MannWhitneyOptions = {},
): Float64Array {
  const isFirst = new Uint8Array(rows.length);
  let n1 = 0;
  for (let m = 0; m < rows.length; m++) if (labels[rows[m]]) n1 += isFirst[m] = 1;
  const pooled = new Float64Array(rows.length);
  const pValues = new Float64Array(features.length);
  features.forEach((column, j) => {
    for (let m = 0; m < rows.length; m++) {
      pooled[m] = column[rows[m]];
      if (Number.isNaN(pooled[m])) throw new RangeError(`feature column ${j} is NaN at row ${rows[m]}`);
    }
    pValues[j] = testFromPooled(pooled, isFirst, n1, options).pValue;
  });
  return pValues;
}
