/**
 * L2-penalised logistic regression (kind 'lr'), scikit-learn's LogisticRegression(C) objective:
 *   minimise  Σ_i logloss(y_i, b + w·x_i) + ||w||² / (2C),   intercept b not penalised,
 * solved by the project's one Newton solver (stats/logisticFit.ts) with penalty λ = 1/C. The penalty
 * makes the problem strictly convex in w, so even perfectly separable training data give finite
 * coefficients.
 * Score = the decision value b + w·x (the logit), not the probability σ(b + w·x): it ranks rows
 * identically (same AUC, same tuning), and it is what scikit-learn's CalibratedClassifierCV
 * calibrates (decision_function). Platt scaling of the probability s ∈ (0, 1) instead can never
 * leave the interval between 1/(1 + e^b) and 1/(1 + e^(a+b)): on the breast-cancer data set that
 * capped calibrated outputs within [0.008, 0.987] (all 30 features, C = 1).
 */
import { fitLogisticRegressionRows } from '../stats/logisticFit.js';
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
  /**
   * What `score` returns: the logit (absent or 'logit', since schema 2), or σ(logit) for a model
   * whose calibration map was fitted on probabilities (schema-1 artifacts, upgraded on reading).
   */
  scoreScale?: 'logit' | 'probability';
}

/** The logistic function, written as schema-1 models were scored, so they predict as they did. */
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

/**
 * Minimises the penalised log-loss; returns the packed parameters. The objective is strictly convex,
 * so the solver's last iterate is used even in the (floating-point) case where its step test is not
 * met within its iteration limit.
 */
export function fitPenalisedLogistic(rows: Rows, labels: BinaryLabels, C: number): Float64Array {
  if (!(C > 0)) throw new Error(`logistic regression: C must be > 0, got ${C}`);
  assertTrainable(rows, labels, 'logistic regression');
  return fitLogisticRegressionRows(rows, labels, { l2Penalty: 1 / C }).coefficients;
}

class FittedLogisticRegression implements FittedClassifier {
  readonly kind = 'lr' as const;
  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly theta: Float64Array,
    private readonly scoreScale: 'logit' | 'probability' = 'logit',
  ) {}

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.theta.length - 1, 'logistic regression');
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) scores[i] = linearPredictor(this.theta, rows[i]);
    if (this.scoreScale === 'probability')
      for (let i = 0; i < scores.length; i++) scores[i] = sigmoid(scores[i]);
    return scores;
  }

  toJSON(): SerializedClassifier {
    const state: LogisticRegressionState = {
      intercept: this.theta[0],
      coefficients: Array.from(this.theta.subarray(1)),
      ...(this.scoreScale === 'probability' ? { scoreScale: 'probability' as const } : {}),
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
    if (state.scoreScale !== undefined && state.scoreScale !== 'logit' && state.scoreScale !== 'probability')
      throw new Error(`logistic regression: unknown scoreScale ${String(state.scoreScale)}`);
    return new FittedLogisticRegression(
      serialized.hyperparameters,
      Float64Array.from([state.intercept, ...state.coefficients]),
      state.scoreScale ?? 'logit',
    );
  },
};
