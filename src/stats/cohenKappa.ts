/**
 * Cohen's kappa for two raters who each assign every patient one categorical level (unweighted) —
 * the reader agreement Shen et al. report for BI-RADS descriptors; a categorical input is kept
 * when kappa reaches the configured threshold (default 0.61, "substantial").
 *
 * Definitions (as sklearn.metrics.cohen_kappa_score and statsmodels' cohens_kappa):
 * - p_ij = share of patients rated level i by the first rater and j by the second;
 *   observed agreement p_o = Σ_i p_ii; chance agreement p_e = Σ_i p_i· p_·i;
 *   kappa = (p_o − p_e) / (1 − p_e).
 * - standardError: the large-sample standard error of Fleiss, Cohen & Everitt (1969), valid away
 *   from kappa = 0 (for confidence intervals; statsmodels' std_kappa):
 *   Var = [Σ_i p_ii (1 − (p_i· + p_·i)(1 − κ))² + (1 − κ)² Σ_{i≠j} p_ij (p_·i + p_j·)²
 *          − (κ − p_e(1 − κ))²] / (n (1 − p_e)²), clamped at 0 against rounding.
 * Levels are the union of both raters' values, compared with === (so 1 and '1' differ).
 *
 * Degenerate case (defined, where sklearn returns NaN): p_e = 1 happens only when both raters put
 * every patient in the same single level, i.e. they agree perfectly on a constant rating. We define
 * kappa = 1 and standardError = 0 there: the readings are reproducible, and a constant input is
 * dropped later by the univariate test (p = 1), not by reliability. Both raters constant on
 * *different* levels needs no special case (p_o = p_e = 0, kappa = 0).
 * Bad input is a RangeError: different lengths, no patients, or a missing rating
 * (null, undefined, NaN, empty string), named by its position.
 */

export type Rating = string | number;

export interface CohenKappaResult {
  kappa: number;
  standardError: number;
  observedAgreement: number;
  expectedAgreement: number;
  n: number;
  /** The levels seen, in order of first appearance (first rater, then second). */
  levels: Rating[];
}

/** A reading that is absent: null, undefined, NaN or the empty string. */
export function isMissingRating(value: Rating | null | undefined): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

/** Cohen's (unweighted) kappa between two raters' readings of the same patients. */
export function cohenKappa(
  first: ArrayLike<Rating | null | undefined>,
  second: ArrayLike<Rating | null | undefined>,
): CohenKappaResult {
  if (first.length !== second.length) {
    throw new RangeError(
      `the raters have ${first.length} and ${second.length} readings; they must rate the same patients`,
    );
  }
  const n = first.length;
  if (n === 0) throw new RangeError('Cohen kappa needs at least one patient rated by both raters');
  const levelIndex = new Map<Rating, number>();
  const indexOf = (value: Rating | null | undefined, rater: string, i: number): number => {
    if (isMissingRating(value))
      throw new RangeError(`${rater} rater's reading ${i} is missing (${String(value)})`);
    const level = value as Rating;
    let index = levelIndex.get(level);
    if (index === undefined) levelIndex.set(level, (index = levelIndex.size));
    return index;
  };
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) pairs.push([indexOf(first[i], 'first', i), indexOf(second[i], 'second', i)]);
  const k = levelIndex.size;
  // Whole counts, so p_o, p_e and kappa are exact ratios of integers (perfect agreement gives 1).
  const counts = Array.from({ length: k }, () => new Float64Array(k));
  for (const [a, b] of pairs) counts[a][b] += 1;
  const firstCounts = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const secondCounts = counts[0].map((_, j) => counts.reduce((s, row) => s + row[j], 0));
  let agreeing = 0;
  let chanceProducts = 0;
  for (let i = 0; i < k; i++) {
    agreeing += counts[i][i];
    chanceProducts += firstCounts[i] * secondCounts[i];
  }
  const observedAgreement = agreeing / n;
  const expectedAgreement = chanceProducts / (n * n);
  const levels = [...levelIndex.keys()];
  const summary = { observedAgreement, expectedAgreement, n, levels };
  // p_e = 1 exactly when k = 1 (one shared level); test k rather than a rounded p_e.
  if (k === 1) return { kappa: 1, standardError: 0, ...summary };
  const kappa = (n * agreeing - chanceProducts) / (n * n - chanceProducts);
  const firstMargin = firstCounts.map((c) => c / n);
  const secondMargin = secondCounts.map((c) => c / n);
  let diagonalTerm = 0;
  let offDiagonalTerm = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) diagonalTerm += counts[i][i] * (1 - (firstMargin[i] + secondMargin[i]) * (1 - kappa)) ** 2;
      else offDiagonalTerm += counts[i][j] * (secondMargin[i] + firstMargin[j]) ** 2;
    }
  }
  diagonalTerm /= n;
  offDiagonalTerm /= n;
  const centre = (kappa - expectedAgreement * (1 - kappa)) ** 2;
  const variance =
    (diagonalTerm + (1 - kappa) ** 2 * offDiagonalTerm - centre) / ((1 - expectedAgreement) ** 2 * n);
  return { kappa, standardError: Math.sqrt(Math.max(0, variance)), ...summary };
}
