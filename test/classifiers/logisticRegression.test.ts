import { describe, expect, it } from 'vitest';
import { logisticRegressionSpec } from '../../src/classifiers/logisticRegression.js';
import type { LogisticRegressionState } from '../../src/classifiers/logisticRegression.js';
import { readFixture, toRows } from './helpers.js';

interface Reference {
  rows: number[][];
  labels: number[];
  cases: { C: number; intercept: number; coefficients: number[] }[];
  separable: { rows: number[][]; labels: number[]; C: number; intercept: number; coefficients: number[] };
}
const reference = readFixture<Reference>('logistic-regression.json');
const rows = toRows(reference.rows);
const labels = Uint8Array.from(reference.labels);

/** Gradient of Σ logloss + ||w||²/(2C), written out independently of the implementation. */
function penalisedGradient(X: number[][], y: number[], C: number, b: number, w: number[]): number[] {
  const grad = new Array(w.length + 1).fill(0);
  X.forEach((x, i) => {
    const z = b + x.reduce((s, v, j) => s + v * w[j], 0);
    const r = 1 / (1 + Math.exp(-z)) - y[i];
    grad[0] += r;
    x.forEach((v, j) => (grad[j + 1] += r * v));
  });
  w.forEach((wj, j) => (grad[j + 1] += wj / C));
  return grad;
}

const stateOf = (C: number, X = rows, y = labels): LogisticRegressionState =>
  logisticRegressionSpec.fit(X, y, { C }, 1).toJSON().state as LogisticRegressionState;

describe('L2 logistic regression', () => {
  it.each(reference.cases)('reaches the penalised optimum (C = $C): gradient ≈ 0', ({ C }) => {
    const { intercept, coefficients } = stateOf(C);
    const grad = penalisedGradient(reference.rows, reference.labels, C, intercept, coefficients);
    expect(Math.hypot(...grad)).toBeLessThan(1e-7);
  });

  it.each(reference.cases)(
    'matches scipy L-BFGS on the same objective (C = $C)',
    ({ C, intercept, coefficients }) => {
      const state = stateOf(C);
      expect(state.intercept).toBeCloseTo(intercept, 6);
      state.coefficients.forEach((w, j) => expect(w).toBeCloseTo(coefficients[j], 6));
    },
  );

  it('leaves the intercept unpenalised: strong penalty shrinks w towards 0 but b towards the log-odds', () => {
    const { intercept, coefficients } = stateOf(1e-6);
    const positives = reference.labels.reduce((a, b) => a + b, 0);
    const logOdds = Math.log(positives / (reference.labels.length - positives));
    expect(Math.max(...coefficients.map(Math.abs))).toBeLessThan(1e-3);
    expect(intercept).toBeCloseTo(logOdds, 3);
  });

  it('stays finite on perfectly separable data and matches scipy there too', () => {
    const s = reference.separable;
    const state = stateOf(s.C, toRows(s.rows), Uint8Array.from(s.labels));
    expect(Number.isFinite(state.intercept) && state.coefficients.every(Number.isFinite)).toBe(true);
    expect(state.intercept).toBeCloseTo(s.intercept, 5);
    state.coefficients.forEach((w, j) => expect(w).toBeCloseTo(s.coefficients[j], 5));
  });

  it('scores the decision value b + w·x (the logit, as scikit-learn’s decision_function)', () => {
    const model = logisticRegressionSpec.fit(rows, labels, { C: 1 }, 1);
    const { intercept, coefficients } = model.toJSON().state as LogisticRegressionState;
    const x = [0.5, -1, 2, 0.25];
    const expected = intercept + x.reduce((s, v, j) => s + v * coefficients[j], 0);
    expect(model.score([Float64Array.from(x)])[0]).toBeCloseTo(expected, 14);
  });

  it('restores from JSON to identical scores', () => {
    const model = logisticRegressionSpec.fit(rows, labels, { C: 10 }, 1);
    const restored = logisticRegressionSpec.restore(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.score(rows))).toEqual(Array.from(model.score(rows)));
  });

  it('rejects single-class training labels and missing C', () => {
    expect(() => logisticRegressionSpec.fit(rows, new Uint8Array(rows.length), { C: 1 }, 1)).toThrow(
      /one class/,
    );
    expect(() => logisticRegressionSpec.fit(rows, labels, {}, 1)).toThrow(/C/);
  });
});
