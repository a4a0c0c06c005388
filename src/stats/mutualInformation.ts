/**
 * Mutual information between two discrete codings of the same rows (e.g. equal-frequency bins of
 * two features, or bins of a feature and the class).
 *
 * Definition: the plug-in (maximum-likelihood) estimate from the contingency table, in nats
 * (natural logarithm), as sklearn.metrics.mutual_info_score:
 *   I(A; B) = Σ_ab (n_ab / n) · ln(n · n_ab / (n_a · n_b)),
 * evaluated as ln n + (Σ n_ab ln n_ab − Σ n_a ln n_a − Σ n_b ln n_b) / n with a precomputed
 * c·ln c table, so a pair costs one pass over the rows plus one over the table, with no log calls.
 * Rounding can make an independent pair come out at −1e−16: results are clamped at 0 (sklearn
 * clips too). A constant coding has I = 0 with anything. Codes must be integers >= 0; the number
 * of levels is max code + 1 (empty levels contribute nothing). No bias correction.
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

/** Computes I(A; B) for many pairs of codings of the same n rows, reusing scratch buffers. */
export interface MutualInformationKernel {
  (codesA: ArrayLike<number>, levelsA: number, codesB: ArrayLike<number>, levelsB: number): number;
}

/**
 * A kernel for codings of n rows with at most maxLevels levels each. Inputs are not re-validated
 * (callers use codeLevels once per coding): this is the inner loop of mRMR.
 */
export function createMutualInformationKernel(n: number, maxLevels: number): MutualInformationKernel {
  if (!(n >= 1)) throw new RangeError(`mutual information needs at least 1 row, got ${n}`);
  const xLogX = new Float64Array(n + 1);
  for (let c = 2; c <= n; c++) xLogX[c] = c * Math.log(c);
  const joint = new Int32Array(maxLevels * maxLevels);
  const marginalA = new Int32Array(maxLevels);
  const marginalB = new Int32Array(maxLevels);
  const logN = Math.log(n);

  return (codesA, levelsA, codesB, levelsB) => {
    if (levelsA > maxLevels || levelsB > maxLevels) {
      throw new RangeError(`codings have ${Math.max(levelsA, levelsB)} levels, kernel allows ${maxLevels}`);
    }
    const cells = levelsA * levelsB;
    joint.fill(0, 0, cells);
    marginalA.fill(0, 0, levelsA);
    marginalB.fill(0, 0, levelsB);
    for (let i = 0; i < n; i++) {
      const a = codesA[i];
      const b = codesB[i];
      joint[a * levelsB + b]++;
      marginalA[a]++;
      marginalB[b]++;
    }
    // A constant coding is independent of everything: return an exact 0, not ±1e-16.
    if (marginalA[codesA[0]] === n || marginalB[codesB[0]] === n) return 0;
    let sum = 0;
    for (let cell = 0; cell < cells; cell++) sum += xLogX[joint[cell]];
    for (let a = 0; a < levelsA; a++) sum -= xLogX[marginalA[a]];
    for (let b = 0; b < levelsB; b++) sum -= xLogX[marginalB[b]];
    const mi = logN + sum / n;
    return mi > 0 ? mi : 0;
  };
}

/** Plug-in mutual information I(A; B) in nats between two codings of the same rows. */
export function mutualInformation(codesA: ArrayLike<number>, codesB: ArrayLike<number>): number {
  if (codesA.length !== codesB.length) {
    throw new RangeError(`mutualInformation: codings have ${codesA.length} and ${codesB.length} rows`);
  }
  const levelsA = codeLevels(codesA);
  const levelsB = codeLevels(codesB);
  const kernel = createMutualInformationKernel(codesA.length, Math.max(levelsA, levelsB));
  return kernel(codesA, levelsA, codesB, levelsB);
}
