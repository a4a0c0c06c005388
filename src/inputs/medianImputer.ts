/**
 * Median imputation of missing feature values, as a fitted step: the medians are computed from
 * training rows only, so validation and external rows never influence what fills their own gaps
 * (no leakage). The parser keeps missing values as NaN when missing: 'impute-median' is chosen.
 */

export interface MedianImputer {
  /** medians[j] = median of feature j over the training rows' observed values. */
  medians: number[];
}

function median(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Fits per-feature medians on trainRows. Throws when a row index is out of range or when a feature
 * has no observed value on the training rows (nothing to impute from; drop the feature instead).
 */
export function fitMedianImputer(
  features: readonly Float64Array[],
  trainRows: Int32Array | readonly number[],
  featureNames?: readonly string[],
): MedianImputer {
  const n = features.length > 0 ? features[0].length : 0;
  for (const row of trainRows) {
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new RangeError(`fitMedianImputer: training row ${row} is not a row index in [0, ${n})`);
    }
  }
  const medians = features.map((column, j) => {
    const observed = new Float64Array(trainRows.length);
    let count = 0;
    for (const row of trainRows) {
      const v = column[row];
      if (v === v) observed[count++] = v;
    }
    if (count === 0) {
      const name = featureNames?.[j] ?? `#${j}`;
      throw new RangeError(`fitMedianImputer: feature ${name} has no observed value on the training rows`);
    }
    return median(observed.subarray(0, count).sort());
  });
  return { medians };
}

/**
 * Features with every NaN replaced by its feature's median. Does not modify the input; columns
 * without missing values are returned as they are (not copied).
 */
export function applyMedianImputer(
  features: readonly Float64Array[],
  imputer: MedianImputer,
): Float64Array[] {
  if (features.length !== imputer.medians.length) {
    throw new RangeError(
      `applyMedianImputer: ${features.length} feature columns but the imputer was fitted on ${imputer.medians.length}`,
    );
  }
  return features.map((column, j) => {
    if (!column.some((v) => v !== v)) return column;
    const filled = Float64Array.from(column);
    const fill = imputer.medians[j];
    for (let i = 0; i < filled.length; i++) if (filled[i] !== filled[i]) filled[i] = fill;
    return filled;
  });
}
