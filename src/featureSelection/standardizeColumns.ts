/**
 * z-scoring of candidate columns on the given (training) rows, for the selectors that compare
 * inputs on one scale (lasso's penalty, PCA's variance): population SD as StandardScaler, a
 * constant column scaled by 1 so it stays finite (0 after centring).
 */
export interface ColumnScaling {
  center: number[];
  scale: number[];
}

export function fitColumnScaling(
  columns: readonly ArrayLike<number>[],
  rows: ArrayLike<number>,
): ColumnScaling {
  const n = rows.length;
  const center = columns.map((column) => {
    let sum = 0;
    for (let m = 0; m < n; m++) sum += column[rows[m]];
    return sum / n;
  });
  const scale = columns.map((column, j) => {
    let squares = 0;
    for (let m = 0; m < n; m++) squares += (column[rows[m]] - center[j]) ** 2;
    const sd = Math.sqrt(squares / n);
    return sd > 0 ? sd : 1;
  });
  return { center, scale };
}

/** The columns z-scored with `scaling`, over every patient. */
export function applyColumnScaling(
  columns: readonly ArrayLike<number>[],
  scaling: ColumnScaling,
): Float64Array[] {
  return columns.map((column, j) =>
    Float64Array.from(column, (v) => (v - scaling.center[j]) / scaling.scale[j]),
  );
}
