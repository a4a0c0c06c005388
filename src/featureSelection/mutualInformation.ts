/**
 * Mutual information between discrete codings of the same rows (e.g. equal-frequency bins of
 * two features, or bins of a feature and the class).
 *
 * Definition: the plug-in (maximum-likelihood) estimate from the contingency table, in nats
 * (natural logarithm), as sklearn.metrics.mutual_info_score:
 *   I(A; B) = Σ_ab (n_ab / n) · ln(n · n_ab / (n_a · n_b))
 *           = ln n + (Σ_ab n_ab ln n_ab − Σ_a n_a ln n_a − Σ_b n_b ln n_b) / n.
 * The second form is what is computed: the marginal sums are fixed per coding and computed once,
 * and the joint sum is accumulated while counting (adding (c+1)ln(c+1) − c ln c as a cell goes
 * from c to c+1, from a precomputed table), so a pair costs two passes over the rows and no log
 * calls — this is mRMR's inner loop.
 * Rounding can make an independent pair come out at −1e−16: results are clamped at 0 (sklearn
 * clips too). A constant coding has exactly I = 0 with anything. Codes must be integers >= 0; a
 * coding has max code + 1 levels (empty levels contribute nothing). No bias correction.
 */

/** Number of levels (max code + 1) of a coding; throws on negative or non-integer codes. */
export function codeLevels(codes: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`codes must be integers >= 0, got ${c} at ${i}`);
    if (c > max) max = c;
  }
  return max + 1;
}

/** I(coding f; coding g) by index into the codings the function was created with. */
export type PairwiseMutualInformation = (f: number, g: number) => number;

/** Largest contingency table we allocate (guards against codes that are really raw values). */
const MAX_TABLE_CELLS = 1 << 24;

/**
 * Prepares mutual information between any two of the given codings (all over the same n rows):
 * validates them, and precomputes each coding's marginal term and a c·ln c increment table.
 */
export function createPairwiseMutualInformation(
  codings: readonly ArrayLike<number>[],
): PairwiseMutualInformation {
  const count = codings.length;
  const n = count > 0 ? codings[0].length : 0;
  const levels = new Int32Array(count);
  let maxLevels = 0;
  for (let f = 0; f < count; f++) {
    if (codings[f].length !== n) {
      throw new RangeError(
        `mutual information: coding ${f} has ${codings[f].length} rows, coding 0 has ${n}`,
      );
    }
    levels[f] = codeLevels(codings[f]);
    if (levels[f] > maxLevels) maxLevels = levels[f];
  }
  if (maxLevels * maxLevels > MAX_TABLE_CELLS) {
    throw new RangeError(
      `mutual information: ${maxLevels} levels is too many for a contingency table; discretise first`,
    );
  }

  // xLogXStep[c] = (c+1)ln(c+1) − c ln c: the change in Σ n_ab ln n_ab when a cell grows by one.
  const xLogX = new Float64Array(n + 1);
  for (let c = 2; c <= n; c++) xLogX[c] = c * Math.log(c);
  const xLogXStep = new Float64Array(n);
  for (let c = 0; c < n; c++) xLogXStep[c] = xLogX[c + 1] - xLogX[c];

  const marginalTerm = new Float64Array(count);
  const isConstant = new Uint8Array(count);
  const marginal = new Int32Array(maxLevels);
  for (let f = 0; f < count; f++) {
    const codes = codings[f];
    marginal.fill(0);
    for (let i = 0; i < n; i++) marginal[codes[i]]++;
    let term = 0;
    for (let a = 0; a < levels[f]; a++) term += xLogX[marginal[a]];
    marginalTerm[f] = term;
    isConstant[f] = n === 0 || marginal[codes[0]] === n ? 1 : 0;
  }

  const joint = new Int32Array(maxLevels * maxLevels);
  const logN = Math.log(n);

  return (f, g) => {
    if (isConstant[f] || isConstant[g]) return 0;
    const a = codings[f];
    const b = codings[g];
    const levelsB = levels[g];
    let jointTerm = 0;
    for (let i = 0; i < n; i++) {
      const cell = a[i] * levelsB + b[i];
      const c = joint[cell];
      jointTerm += xLogXStep[c];
      joint[cell] = c + 1;
    }
    // Reset only the touched cells, so the cost does not depend on the table size.
    for (let i = 0; i < n; i++) joint[a[i] * levelsB + b[i]] = 0;
    const mi = logN + (jointTerm - marginalTerm[f] - marginalTerm[g]) / n;
    return mi > 0 ? mi : 0;
  };
}

/** Plug-in mutual information I(A; B) in nats between two codings of the same rows. */
export function mutualInformation(codesA: ArrayLike<number>, codesB: ArrayLike<number>): number {
  if (codesA.length !== codesB.length) {
    throw new RangeError(`mutualInformation: codings have ${codesA.length} and ${codesB.length} rows`);
  }
  if (codesA.length === 0) throw new RangeError('mutualInformation: no rows');
  return createPairwiseMutualInformation([codesA, codesB])(0, 1);
}
