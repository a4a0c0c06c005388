/**
 * The project's one logistic-regression solver: penalised maximum likelihood by Newton-Raphson
 * (iteratively reweighted least squares). Its three users:
 * - the LR classifier (classifiers/logisticRegression.ts): 0/1 labels, L2 penalty 1/C on every
 *   coefficient but the intercept (scikit-learn's LogisticRegression(C));
 * - Platt scaling (calibration/sigmoid.ts): one predictor, Platt's soft targets, no penalty;
 * - the calibration intercept and slope (stats/calibrationMetrics.ts): no penalty, and an offset
 *   for calibration-in-the-large.
 *
 * Model: P(y = 1) = σ(η), η = β₀ + Σₖ βₖ·xₖ + offset (the intercept β₀ is optional; the offset, fixed
 * at coefficient 1, is how calibration-in-the-large is fitted).
 * Minimised: Σᵢ [softplus(ηᵢ) − yᵢ·ηᵢ] + ½ Σₖ λₖ·βₖ², with outcomes yᵢ ∈ [0, 1]: 0/1 labels, or
 * soft targets (the sum is then the cross-entropy against them, as Platt's fit needs).
 *
 * Choices:
 * - Start at β = 0. Each Newton step is halved until the objective does not increase (beyond a
 *   relative 1e−12, the floating-point noise near the optimum); the objective is convex, so a full
 *   Newton step can only overshoot far from the optimum.
 * - Converged when the largest coefficient change is below tolerance·max(1, max|β|). A step test,
 *   not a gradient test: under complete separation (no penalty) the gradient vanishes as the
 *   coefficients march off to infinity, while the steps stay large.
 * - The Hessian is solved by Cholesky with a relative pivot floor (1e−12 of the diagonal); a
 *   singular Hessian (collinear/constant predictors, or weights p(1 − p) vanishing on all but a few
 *   rows under separation) ends the fit with converged = false and singular = true. Exhausting
 *   maxIterations (complete or quasi-complete separation without a penalty, where the optimum is at
 *   infinity) ends it with converged = false. The coefficients reached so far are returned; callers
 *   decide (the calibration metrics report NaN then).
 */

export interface LogisticFitOptions {
  /** Added to the linear predictor with coefficient fixed at 1. */
  offset?: ArrayLike<number>;
  /** Fit β₀ (default true). Never penalised. */
  intercept?: boolean;
  /** L2 penalty λ on the predictor coefficients: one value for all, or one per column (default 0). */
  l2Penalty?: number | ArrayLike<number>;
  maxIterations?: number;
  tolerance?: number;
}

export interface LogisticFit {
  /** β₀ first when `intercept` is true, then one per predictor column. */
  coefficients: Float64Array;
  converged: boolean;
  /** The Newton system was singular (collinear or constant predictors, or separation). */
  singular: boolean;
  iterations: number;
  /** Σᵢ [yᵢ·ηᵢ − softplus(ηᵢ)] at the returned coefficients (without the penalty). */
  logLikelihood: number;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** σ(η) = 1 / (1 + e^−η) without overflow. */
export function logistic(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
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

/** Per-coefficient penalty over the packed parameters (the intercept, if any, first and unpenalised). */
function penaltyVector(
  penalty: LogisticFitOptions['l2Penalty'],
  predictors: number,
  withIntercept: boolean,
): Float64Array {
  const lambda = new Float64Array(predictors + (withIntercept ? 1 : 0));
  const first = withIntercept ? 1 : 0;
  if (penalty === undefined) return lambda;
  if (typeof penalty === 'number') {
    if (!(penalty >= 0)) throw new RangeError(`l2Penalty must be ≥ 0, got ${penalty}`);
    lambda.fill(penalty, first);
    return lambda;
  }
  if (penalty.length !== predictors) throw new RangeError('l2Penalty length differs from the columns');
  for (let k = 0; k < predictors; k++) {
    if (!(penalty[k] >= 0)) throw new RangeError(`l2Penalty[${k}] must be ≥ 0, got ${penalty[k]}`);
    lambda[first + k] = penalty[k];
  }
  return lambda;
}

/** Newton-Raphson on a packed row-major n×d design (intercept column included when fitted). */
function newtonFit(
  design: Float64Array,
  n: number,
  d: number,
  outcomes: ArrayLike<number>,
  lambda: Float64Array,
  options: LogisticFitOptions,
): LogisticFit {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const offset = options.offset;

  /** Penalised objective at `beta`; fills `eta` with its linear predictors. */
  const evaluate = (beta: Float64Array, eta: Float64Array): { objective: number; logLikelihood: number } => {
    let logLikelihood = 0;
    for (let i = 0; i < n; i++) {
      let value = offset ? offset[i] : 0;
      for (let c = 0; c < d; c++) value += design[i * d + c] * beta[c];
      eta[i] = value;
      logLikelihood += outcomes[i] * value - softplus(value);
    }
    let penalty = 0;
    for (let c = 0; c < d; c++) penalty += lambda[c] * beta[c] * beta[c];
    return { objective: 0.5 * penalty - logLikelihood, logLikelihood };
  };

  const beta = new Float64Array(d);
  let eta = new Float64Array(n);
  let candidateEta = new Float64Array(n);
  let current = evaluate(beta, eta);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const candidate = new Float64Array(d);
  const result = (converged: boolean, singular: boolean, iterations: number): LogisticFit => ({
    coefficients: beta,
    converged,
    singular,
    iterations,
    logLikelihood: current.logLikelihood,
  });

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Gradient and Hessian of the objective: Σ (p − y)·x + λβ and Σ p(1 − p)·x·xᵀ + diag(λ).
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const probability = logistic(eta[i]);
      const weight = probability * (1 - probability);
      const residual = probability - outcomes[i];
      for (let a = 0; a < d; a++) {
        const xa = design[i * d + a];
        gradient[a] += xa * residual;
        const wxa = weight * xa;
        for (let b = 0; b <= a; b++) hessian[a * d + b] += wxa * design[i * d + b];
      }
    }
    for (let a = 0; a < d; a++) {
      gradient[a] += lambda[a] * beta[a];
      hessian[a * d + a] += lambda[a];
      for (let b = 0; b < a; b++) hessian[b * d + a] = hessian[a * d + b];
    }
    const step = gradient; // solved in place: step = H⁻¹·gradient
    if (!choleskySolve(hessian, step, d)) return result(false, true, iteration);

    let scale = 1;
    let accepted = false;
    let next = current;
    for (let halving = 0; halving < 40; halving++) {
      for (let c = 0; c < d; c++) candidate[c] = beta[c] - scale * step[c];
      next = evaluate(candidate, candidateEta);
      if (next.objective <= current.objective + 1e-12 * Math.abs(current.objective)) {
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) return result(false, false, iteration); // no descent: stuck at the floating-point floor
    let largestChange = 0;
    let largestCoefficient = 0;
    for (let c = 0; c < d; c++) {
      largestChange = Math.max(largestChange, Math.abs(candidate[c] - beta[c]));
      largestCoefficient = Math.max(largestCoefficient, Math.abs(candidate[c]));
      beta[c] = candidate[c];
    }
    [eta, candidateEta] = [candidateEta, eta];
    current = next;
    if (largestChange < tolerance * Math.max(1, largestCoefficient)) return result(true, false, iteration);
  }
  return result(false, false, maxIterations);
}

/**
 * Packs the predictors into a row-major n×d design (a leading column of ones for the intercept), so
 * the Newton loops read contiguous memory, and fits. `predictor(i, k)` is predictor k of row i.
 */
function fitDesign(
  predictors: number,
  predictor: (i: number, k: number) => number,
  outcomes: ArrayLike<number>,
  options: LogisticFitOptions,
): LogisticFit {
  const n = outcomes.length;
  if (options.offset && options.offset.length !== n)
    throw new RangeError('offset length differs from outcomes');
  const withIntercept = options.intercept ?? true;
  const first = withIntercept ? 1 : 0;
  const d = predictors + first;
  const design = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (withIntercept) design[i * d] = 1;
    for (let k = 0; k < predictors; k++) design[i * d + first + k] = predictor(i, k);
  }
  const lambda = penaltyVector(options.l2Penalty, predictors, withIntercept);
  return newtonFit(design, n, d, outcomes, lambda, options);
}

/**
 * Fits the model to `outcomes` (0/1, or soft targets in [0, 1]) with predictor `columns` (each of
 * length n). No input validation beyond lengths and the penalty.
 */
export function fitLogisticRegression(
  columns: readonly ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  options: LogisticFitOptions = {},
): LogisticFit {
  for (const column of columns)
    if (column.length !== outcomes.length) throw new RangeError('column length differs from outcomes');
  return fitDesign(columns.length, (i, k) => columns[k][i], outcomes, options);
}

/** The same fit with the predictors given as rows (rows[i][k] = predictor k of observation i). */
export function fitLogisticRegressionRows(
  rows: readonly ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  options: LogisticFitOptions = {},
): LogisticFit {
  if (rows.length !== outcomes.length) throw new RangeError('row count differs from outcomes');
  const width = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`row ${i} has ${row.length} values, expected ${width}`);
  });
  return fitDesign(width, (i, k) => rows[i][k], outcomes, options);
}
