/**
 * Small dense linear algebra for the Cox model (p is a handful of covariates): solving a symmetric
 * positive-definite system and inverting it by Gauss–Jordan with partial pivoting.
 */

/** Inverse of a square matrix; throws RangeError when it is singular (to working precision). */
export function invertMatrix(matrix: number[][], what: string): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(1e-300, ...matrix.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) <= 1e-13 * scale) {
      throw new RangeError(`${what}: the information matrix is singular (collinear or constant covariates)`);
    }
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const divisor = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= divisor;
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const factor = a[r][col];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= factor * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/** Matrix–vector product. */
export function multiply(matrix: number[][], vector: number[]): number[] {
  return matrix.map((row) => row.reduce((sum, value, j) => sum + value * vector[j], 0));
}

/** Quadratic form u' A⁻¹ u (a score-test statistic). */
export function quadraticFormOfInverse(matrix: number[][], u: number[], what: string): number {
  const solved = multiply(invertMatrix(matrix, what), u);
  return solved.reduce((sum, value, i) => sum + value * u[i], 0);
}
