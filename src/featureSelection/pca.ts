/**
 * Principal component analysis fitted on training rows — the `pca` selector's transform: the
 * model's inputs become the scores on the first k principal components of the (reliable) features.
 *
 * Definitions (those of sklearn.decomposition.PCA(n_components=k, svd_solver='full'), whiten=False):
 * - mean = column means of the training rows; X_c = rows − mean (centred only, not scaled: the
 *   inputs arrive z-scored on the training rows by the input transform, so centring alone already
 *   gives correlation-matrix PCA; scaling again here would only repeat that work).
 * - X_c = U S Vᵀ (thin SVD, ml-matrix); components = the first k rows of Vᵀ (unit length,
 *   mutually orthogonal), in decreasing order of singular value.
 * - explainedVariance[c] = S_c² / (n − 1); explainedVarianceRatio[c] = S_c² / Σ_all S², i.e. the
 *   share of the *total* variance (all components, not just the k kept), as sklearn.
 * - Sign convention (deterministic, so the same data always give the same model): each component
 *   is flipped so that its loading of largest magnitude is positive (first such loading on exact
 *   ties). This is sklearn's svd_flip(u, v, u_based_decision=False), the convention sklearn's PCA
 *   uses from 1.5 on; it depends only on the component, not on the order of the training rows.
 *   (sklearn 1.2's PCA decided the sign from U instead; the reference script re-signs its output.)
 * - transform: scores = (row − mean) · componentᵀ. A component's scores do not depend on how many
 *   components were kept, so a chooser of k can transform once with all components and use
 *   prefixes (`count` argument), or fit once with the largest k it considers.
 * Components beyond the rank of the centred data (explained variance ~0) are arbitrary
 * orthonormal directions; choose k within the rank.
 * The state holds plain number arrays so it serialises to JSON as is.
 * Bad input is a RangeError: fewer than 2 rows, rows of different widths, a non-finite value (named
 * by row and column), nComponents outside 1..min(n, p), or all columns constant (no variance).
 */

import { SVD } from 'ml-matrix';

export interface PcaState {
  /** Column means of the training rows (length p). */
  mean: number[];
  /** components[c] is the c-th principal axis (length p, unit norm). */
  components: number[][];
  /** Variance of the training rows' scores on each component (n − 1 denominator). */
  explainedVariance: number[];
  /** explainedVariance as a share of the total variance of the training rows. */
  explainedVarianceRatio: number[];
}

/** Row-major data: rows[i][j] is feature j of patient i. */
export type PcaRows = readonly ArrayLike<number>[];

function checkRows(rows: PcaRows, minimumRows: number): number {
  if (rows.length < minimumRows)
    throw new RangeError(`PCA needs at least ${minimumRows} rows, got ${rows.length}`);
  const width = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((row, i) => {
    if (row.length !== width)
      throw new RangeError(`PCA row ${i} has ${row.length} values, row 0 has ${width}`);
    for (let j = 0; j < width; j++) {
      if (!Number.isFinite(row[j])) throw new RangeError(`PCA input is ${row[j]} at row ${i}, column ${j}`);
    }
  });
  return width;
}

/** Fits PCA with nComponents components on the given training rows. */
export function fitPca(rows: PcaRows, nComponents: number): PcaState {
  const p = checkRows(rows, 2);
  const n = rows.length;
  if (!(Number.isInteger(nComponents) && nComponents >= 1 && nComponents <= Math.min(n, p))) {
    throw new RangeError(
      `nComponents must be an integer in 1..${Math.min(n, p)} (min of rows, columns), got ${nComponents}`,
    );
  }
  const mean = new Array<number>(p).fill(0);
  for (const row of rows) for (let j = 0; j < p; j++) mean[j] += row[j] / n;
  const centred = rows.map((row) => Array.from({ length: p }, (_, j) => row[j] - mean[j]));
  const svd = new SVD(centred, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: true,
    autoTranspose: true,
  });
  const singular = svd.diagonal;
  const totalSquares = singular.reduce((s, d) => s + d * d, 0);
  if (!(totalSquares > 0))
    throw new RangeError('PCA: every column is constant on the training rows (no variance)');
  const v = svd.rightSingularVectors;
  // ml-matrix returns singular values in decreasing order; sort defensively by index anyway.
  const order = singular.map((_, c) => c).sort((a, b) => singular[b] - singular[a] || a - b);
  const kept = order.slice(0, nComponents);
  const components = kept.map((c) => {
    const axis = v.getColumn(c);
    let largest = 0;
    for (let j = 1; j < p; j++) if (Math.abs(axis[j]) > Math.abs(axis[largest])) largest = j;
    return axis[largest] < 0 ? axis.map((x) => -x) : axis;
  });
  return {
    mean,
    components,
    explainedVariance: kept.map((c) => (singular[c] * singular[c]) / (n - 1)),
    explainedVarianceRatio: kept.map((c) => (singular[c] * singular[c]) / totalSquares),
  };
}

/**
 * Scores of the rows on the first `count` components (default all of them): scores[i][c].
 * Rows must have the width the state was fitted on.
 */
export function transformPca(
  state: PcaState,
  rows: PcaRows,
  count = state.components.length,
): Float64Array[] {
  const p = state.mean.length;
  if (!(Number.isInteger(count) && count >= 0 && count <= state.components.length)) {
    throw new RangeError(`count must be an integer in 0..${state.components.length}, got ${count}`);
  }
  if (rows.length > 0 && checkRows(rows, 0) !== p) {
    throw new RangeError(`PCA was fitted on ${p} columns but rows have ${rows[0].length}`);
  }
  return rows.map((row) => {
    const scores = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      const axis = state.components[c];
      let s = 0;
      for (let j = 0; j < p; j++) s += (row[j] - state.mean[j]) * axis[j];
      scores[c] = s;
    }
    return scores;
  });
}

/** Rows of the given patients, row-major, from column-major features (features[j][patient]). */
function gatherRows(columns: readonly ArrayLike<number>[], patients: ArrayLike<number>): Float64Array[] {
  return Array.from(patients, (patient) => Float64Array.from(columns, (column) => column[patient]));
}

/**
 * fitPca for column-major features, as selectors receive them: columns[j][i] is feature j of
 * patient i, and only the given training rows (patient indices) are used.
 */
export function fitPcaColumns(
  columns: readonly ArrayLike<number>[],
  trainRows: ArrayLike<number>,
  nComponents: number,
): PcaState {
  return fitPca(gatherRows(columns, trainRows), nComponents);
}

/**
 * Component scores as new columns for the given patients: result[c][m] is the score of patient
 * patients[m] on component c (first `count` components, default all).
 */
export function transformPcaColumns(
  state: PcaState,
  columns: readonly ArrayLike<number>[],
  patients: ArrayLike<number>,
  count = state.components.length,
): Float64Array[] {
  const scores = transformPca(state, gatherRows(columns, patients), count);
  return Array.from({ length: count }, (_, c) => Float64Array.from(scores, (row) => row[c]));
}
