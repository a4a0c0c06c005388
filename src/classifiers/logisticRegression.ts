/**
 * L2-penalised logistic regression (kind 'lr'), scikit-learn's LogisticRegression(C) objective:
 *   minimise  Σ_i logloss(y_i, b + w·x_i) + ||w||² / (2C),   intercept b not penalised,
 * solved by Newton's method (IRLS) to a gradient norm below 1e-8, halving the step whenever the
 * objective would not decrease. The penalty makes the problem strictly convex in w, so even
 * perfectly separable training data give finite coefficients.
 * Score = the model's predicted probability of the positive class.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type {
  BinaryLabels,
  ClassifierSpec,
  FittedClassifier,
  Hyperparameters,
  Rows,
  SerializedClassifier,
} from './classifier.js';
import { assertRowWidth, assertTrainable, numberParameter } from './trainingData.js';

export interface LogisticRegressionState {
  intercept: number;
  coefficients: number[];
}

const GRADIENT_TOLERANCE = 1e-8;
const MAX_NEWTON_ITERATIONS = 200;
const MAX_STEP_HALVINGS = 40;
/** Relative size of objective changes that floating point can still tell apart, with margin. */
const OBJECTIVE_RESOLUTION = 1e-13;

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Parameters are packed as theta[0] = intercept, theta[1..p] = coefficients. */
function linearPredictor(theta: Float64Array, row: Float64Array): number {
  let z = theta[0];
  for (let j = 0; j < row.length; j++) z += theta[j + 1] * row[j];
  return z;
}

function penalisedObjective(rows: Rows, labels: BinaryLabels, theta: Float64Array, inverseC: number): number {
  let loss = 0;
  for (let i = 0; i < rows.length; i++) {
    const z = linearPredictor(theta, rows[i]);
    loss += softplus(z) - labels[i] * z;
  }
  let squaredNorm = 0;
  for (let j = 1; j < theta.length; j++) squaredNorm += theta[j] * theta[j];
  return loss + 0.5 * inverseC * squaredNorm;
}

/** Minimises the penalised log-loss; returns the packed parameters. */
export function fitPenalisedLogistic(rows: Rows, labels: BinaryLabels, C: number): Float64Array {
  if (!(C > 0)) throw new Error(`logistic regression: C must be > 0, got ${C}`);
  const { n, width } = assertTrainable(rows, labels, 'logistic regression');
  const dim = width + 1;
  const inverseC = 1 / C;
  let theta = new Float64Array(dim);
  let objective = penalisedObjective(rows, labels, theta, inverseC);
  const gradient = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  const augmented = new Float64Array(dim);
  augmented[0] = 1;

  for (let iteration = 0; iteration < MAX_NEWTON_ITERATIONS; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let j = 0; j < width; j++) augmented[j + 1] = row[j];
      const p = sigmoid(linearPredictor(theta, row));
      const residual = p - labels[i];
      const weight = p * (1 - p);
      for (let a = 0; a < dim; a++) {
        gradient[a] += residual * augmented[a];
        const wa = weight * augmented[a];
        for (let b = a; b < dim; b++) hessian[a * dim + b] += wa * augmented[b];
      }
    }
    for (let j = 1; j < dim; j++) {
      gradient[j] += inverseC * theta[j];
      hessian[j * dim + j] += inverseC;
    }
    let gradientNorm = 0;
    for (let a = 0; a < dim; a++) gradientNorm += gradient[a] * gradient[a];
    gradientNorm = Math.sqrt(gradientNorm);
    if (gradientNorm < GRADIENT_TOLERANCE) return theta;

    const H = new Matrix(dim, dim);
    for (let a = 0; a < dim; a++) {
      for (let b = a; b < dim; b++) {
        H.set(a, b, hessian[a * dim + b]);
        H.set(b, a, hessian[a * dim + b]);
      }
    }
    // The intercept's Hessian entry Σ p(1−p) can underflow when every point is fitted with certainty;
    // a tiny ridge keeps the Newton system solvable without changing the optimum it converges to.
    const cholesky = new CholeskyDecomposition(H);
    const direction = cholesky.isPositiveDefinite()
      ? cholesky.solve(Matrix.columnVector(Array.from(gradient)))
      : new CholeskyDecomposition(H.add(Matrix.eye(dim, dim).mul(1e-10))).solve(
          Matrix.columnVector(Array.from(gradient)),
        );

    // Near the optimum the decrease a Newton step promises (½ g·H⁻¹g) drops below what the
    // objective can resolve in floating point, so a line search would be blind; Newton is then in
    // its quadratic region and the full step is taken, judged by the gradient at the next iteration.
    let predictedDecrease = 0;
    for (let a = 0; a < dim; a++) predictedDecrease += 0.5 * gradient[a] * direction.get(a, 0);
    if (predictedDecrease <= OBJECTIVE_RESOLUTION * (1 + Math.abs(objective))) {
      for (let a = 0; a < dim; a++) theta[a] -= direction.get(a, 0);
      objective = penalisedObjective(rows, labels, theta, inverseC);
      continue;
    }
    let step = 1;
    let accepted = false;
    const candidate = new Float64Array(dim);
    for (let halving = 0; halving < MAX_STEP_HALVINGS; halving++) {
      for (let a = 0; a < dim; a++) candidate[a] = theta[a] - step * direction.get(a, 0);
      const candidateObjective = penalisedObjective(rows, labels, candidate, inverseC);
      if (candidateObjective <= objective) {
        theta = Float64Array.from(candidate);
        objective = candidateObjective;
        accepted = true;
        break;
      }
      step /= 2;
    }
    // No decrease even for a vanishing step: we are at the floating-point floor of the optimum.
    if (!accepted) return theta;
  }
  return theta;
}

class FittedLogisticRegression implements FittedClassifier {
  readonly kind = 'lr' as const;
  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly theta: Float64Array,
  ) {}

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.theta.length - 1, 'logistic regression');
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) scores[i] = sigmoid(linearPredictor(this.theta, rows[i]));
    return scores;
  }

  toJSON(): SerializedClassifier {
    const state: LogisticRegressionState = {
      intercept: this.theta[0],
      coefficients: Array.from(this.theta.subarray(1)),
    };
    return { kind: 'lr', hyperparameters: { ...this.hyperparameters }, state };
  }
}

export const logisticRegressionSpec: ClassifierSpec = {
  kind: 'lr',
  grid: [0.01, 0.1, 1, 10, 100].map((C) => ({ C })),
  fit(rows, labels, hyperparameters) {
    const C = numberParameter(hyperparameters, 'C', 'logistic regression');
    return new FittedLogisticRegression(hyperparameters, fitPenalisedLogistic(rows, labels, C));
  },
  restore(serialized) {
    if (serialized.kind !== 'lr')
      throw new Error(`logistic regression: cannot restore kind ${serialized.kind}`);
    const state = serialized.state as LogisticRegressionState;
    if (!Array.isArray(state?.coefficients) || typeof state.intercept !== 'number')
      throw new Error('logistic regression: malformed state');
    return new FittedLogisticRegression(
      serialized.hyperparameters,
      Float64Array.from([state.intercept, ...state.coefficients]),
    );
  },
};
