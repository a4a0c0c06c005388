/**
 * Equal-frequency (quantile) discretisation of a feature, the input of the mutual-information
 * estimates used by mRMR.
 *
 * Definition: over the m selected rows, a value's bin is floor(r · bins / m), where r is the
 * 0-based position of the FIRST occurrence of that value in ascending order (the "min" rank − 1).
 * Consequences, all deliberate:
 * - Without ties every bin holds floor(m/bins) or ceil(m/bins) values, as equal frequency means.
 * - Equal values always share a bin (ties are never split between bins); a large tie group just
 *   makes its bin bigger and may leave later bins empty. Codes are therefore in [0, bins − 1] but
 *   not necessarily contiguous — mutual information does not care.
 * - A constant feature gets code 0 everywhere (so its mutual information with anything is 0).
 * - With m < bins, each distinct value gets its own bin.
 * - Bins are learned only from the given rows (the training rows), so no validation data leaks
 *   into feature selection. NaN values are rejected: impute before discretising.
 */

/** Bin codes (aligned with rows) of values[rows[m]]; rows = null means all values. */
export function equalFrequencyBins(
  values: ArrayLike<number>,
  rows: ArrayLike<number> | null,
  bins = 10,
): Int32Array {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const m = rows === null ? values.length : rows.length;
  const selected = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const x = values[rows === null ? k : rows[k]];
    if (Number.isNaN(x))
      throw new RangeError(`equalFrequencyBins: NaN at row ${rows === null ? k : rows[k]}`);
    selected[k] = x;
  }
  const sorted = Float64Array.from(selected).sort();
  const codes = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    codes[k] = Math.floor((firstPosition(sorted, selected[k]) * bins) / m);
  }
  return codes;
}

/** Lower bound: index of the first element >= x in an ascending array (x is present). */
function firstPosition(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** equalFrequencyBins for every feature column (features[j][i]), on the same rows. */
export function equalFrequencyBinsColumns(
  features: readonly Float64Array[],
  rows: ArrayLike<number> | null,
  bins = 10,
): Int32Array[] {
  return features.map((column) => equalFrequencyBins(column, rows, bins));
}
