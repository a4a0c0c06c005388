/**
 * z-score standardisation, fitted on training rows only and then applied unchanged to any other rows.
 * Uses the population standard deviation (divide by n), as scikit-learn's StandardScaler does, so the
 * paper's "z-score normalisation" is reproduced exactly. A constant column gets std 1 (not 0) so it
 * becomes an all-zero column instead of NaN.
 */
import type { Rows } from '../classifiers/classifier.js';

export interface StandardScalerParameters {
  mean: number[];
  std: number[];
}

export function fitStandardScaler(rows: Rows): StandardScalerParameters {
  if (rows.length === 0) throw new Error('fitStandardScaler: no rows');
  const width = rows[0].length;
  const sum = new Float64Array(width);
  for (const row of rows) {
    if (row.length !== width) throw new Error('fitStandardScaler: rows differ in length');
    for (let j = 0; j < width; j++) sum[j] += row[j];
  }
  const mean = new Float64Array(width);
  for (let j = 0; j < width; j++) mean[j] = sum[j] / rows.length;
  // Second pass on centred values: numerically safer than E[x²] − E[x]².
  const squares = new Float64Array(width);
  for (const row of rows) {
    for (let j = 0; j < width; j++) {
      const centred = row[j] - mean[j];
      squares[j] += centred * centred;
    }
  }
  const std = new Array<number>(width);
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt(squares[j] / rows.length);
    std[j] = sd > 0 ? sd : 1;
  }
  return { mean: Array.from(mean), std };
}

export function transformRows(parameters: StandardScalerParameters, rows: Rows): Float64Array[] {
  const { mean, std } = parameters;
  return rows.map((row) => {
    if (row.length !== mean.length) throw new Error('transformRows: row width does not match the scaler');
    const scaled = new Float64Array(row.length);
    for (let j = 0; j < row.length; j++) scaled[j] = (row[j] - mean[j]) / std[j];
    return scaled;
  });
}
