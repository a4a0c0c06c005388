/**
 * Maximum-likelihood logistic regression for a handful of predictors, by Newton-Raphson
 * (iteratively reweighted least squares) — used for the calibration intercept and slope.
 *
 * Model: logit P(y = 1) = β₀ + Σₖ βₖ·xₖ + offset (the intercept β₀ is optional; the offset, fixed
 * at coefficient 1, is how calibration-in-the-large is fitted).
 *
 * Choices:
 * - Newton steps with step halving whenever the log-likelihood would decrease (the log-likelihood is
 *   concave, so a full Newton step can only overshoot far from the optimum).
 * - Converged when the largest coefficient change is below tolerance·max(1, max|β|).
 * - The Hessian is solved by Cholesky with a relative pivot floor (1e−12 of the diagonal); a
 *   singular Hessian (collinear/constant predictors) or exhausting maxIterations (complete or
 *   quasi-complete separation, where the MLE is infinite and Newton marches off) ends the fit with
 *   converged = false. The coefficients reached so far are returned; callers decide (the
 *   calibration metrics report NaN in that case).
 */

export interface LogisticFitOptions {
  /** Added to the linear predictor with coefficient fixed at 1. */
  offset?: ArrayLike<number>;
  /** Fit β₀ (default true). */
  intercept?: boolean;
  maxIterations?: number;
  tolerance?: number;
}

export interface LogisticFit {
  /** β₀ first when `intercept` is true, then one per predictor column. */
  coefficients: Float64Array;
  converged: boolean;
  iterations: number;
  logLikelihood: number;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** Solves A·x = b in place for symmetric positive-definite A (row-major, size d×d); false if singular. */
function choleskySolve(matrix: Float64Array, rhs: Float64Array, d: number): boolean {
  const lower = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * d + j];
      for (let k = 0; k < j; k++) sum -= lower[i * d + k] * lower[j * d + k];
      if (i === j) {
        if (!(sum > 1e-12 * Math.abs(matrix[i * d + i]))) return false;
        lower[i * d + i] = Math.sqrt(sum);
      } else {
        lower[i * d + j] = sum / lower[j * d + j];
      }
    }
  }
  for (let i = 0; i < d; i++) {
    let sum = rhs[i];
    for (let k = 0; k < i; k++) sum -= lower[i * d + k] * rhs[k];
    rhs[i] = sum / lower[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = rhs[i];
    for (let k = i + 1; k < d; k++) sum -= lower[k * d + i] * rhs[k];
    rhs[i] = sum / lower[i * d + i];
  }
  return true;
}

/**
 * Fits the model to 0/1 `outcomes` with predictor `columns` (each of length n). No input validation
 * beyond lengths: outcomes other than 0/1 are used as given (fractional outcomes are valid in the
 * quasi-likelihood sense).
 */
export function fitLogisticRegression(
  columns: readonly ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  options: LogisticFitOptions = {},
): LogisticFit {
  const n = outcomes.length;
  const withIntercept = options.intercept ?? true;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const offset = options.offset;
  for (const column of columns)
    if (column.length !== n) throw new RangeError('column length differs from outcomes');
  if (offset && offset.length !== n) throw new RangeError('offset length differs from outcomes');

  const d = columns.length + (withIntercept ? 1 : 0);
  // Design matrix, row-major n×d, so the loops below read contiguous memory.
  const design = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let c = 0;
    if (withIntercept) design[i * d + c++] = 1;
    for (const column of columns) design[i * d + c++] = column[i];
  }

  const beta = new Float64Array(d);
  const linearPredictor = new Float64Array(n);
  const logLikelihoodAt = (coefficients: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let eta = offset ? offset[i] : 0;
      for (let c = 0; c < d; c++) eta += design[i * d + c] * coefficients[c];
      linearPredictor[i] = eta;
      total += outcomes[i] * eta - softplus(eta);
    }
    return total;
  };

  let logLikelihood = logLikelihoodAt(beta);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const candidate = new Float64Array(d);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    logLikelihoodAt(beta); // refresh linearPredictor for the current β
    for (let i = 0; i < n; i++) {
      const probability = 1 / (1 + Math.exp(-linearPredictor[i]));
      const weight = probability * (1 - probability);
      const residual = outcomes[i] - probability;
      for (let a = 0; a < d; a++) {
        const xa = design[i * d + a];
        gradient[a] += xa * residual;
        for (let b = 0; b <= a; b++) hessian[a * d + b] += weight * xa * design[i * d + b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b * d + a] = hessian[a * d + b];
    const step = gradient; // solved in place: step = H⁻¹·gradient
    if (!choleskySolve(hessian, step, d))
      return { coefficients: beta, converged: false, iterations: iteration, logLikelihood };

    let scale = 1;
    let candidateLogLikelihood = -Infinity;
    for (let halving = 0; halving < 40; halving++) {
      for (let c = 0; c < d; c++) candidate[c] = beta[c] + scale * step[c];
      candidateLogLikelihood = logLikelihoodAt(candidate);
      if (candidateLogLikelihood >= logLikelihood - 1e-12 * Math.abs(logLikelihood)) break;
      scale /= 2;
    }
    let largestChange = 0;
    let largestCoefficient = 0;
    for (let c = 0; c < d; c++) {
      largestChange = Math.max(largestChange, Math.abs(candidate[c] - beta[c]));
      largestCoefficient = Math.max(largestCoefficient, Math.abs(candidate[c]));
      beta[c] = candidate[c];
    }
    logLikelihood = candidateLogLikelihood;
    if (largestChange < tolerance * Math.max(1, largestCoefficient)) {
      return { coefficients: beta, converged: true, iterations: iteration, logLikelihood };
    }
  }
  return { coefficients: beta, converged: false, iterations: maxIterations, logLikelihood };
}
