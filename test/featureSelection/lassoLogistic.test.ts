import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  lassoDecisionValues,
  lassoLambdaByCv,
  lassoLambdaMax,
  lassoLogisticFit,
  lassoLogisticPath,
} from '../../src/featureSelection/lassoLogistic.js';
import { aucMannWhitney } from '../../src/stats/auc.js';
import { stratifiedKFold } from '../../src/stats/split.js';
import { expectClose } from '../stats/closeTo.js';

// scipy L-BFGS-B + Newton polish + KKT check, cross-checked with sklearn saga
// (test/fixtures/featureSelection/make_lasso_logistic_reference.py).
const reference = JSON.parse(
  readFileSync(
    new URL('../fixtures/featureSelection/lasso_logistic_reference.json', import.meta.url),
    'utf8',
  ),
) as {
  columns: number[][];
  labels: number[];
  rows: number[];
  lambdaMax: number;
  fits: { lambda: number; intercept: number; coefficients: number[]; objective: number }[];
};
const columns = reference.columns.map((c) => Float64Array.from(c));
const { labels, rows } = reference;

function expectMatchesReference(
  fit: { intercept: number; coefficients: Float64Array; objective: number },
  k: number,
) {
  const expected = reference.fits[k];
  expect(Math.abs(fit.intercept - expected.intercept)).toBeLessThan(1e-7);
  expected.coefficients.forEach((w, j) => {
    expect(Math.abs(fit.coefficients[j] - w)).toBeLessThan(1e-7);
    expect(fit.coefficients[j] === 0).toBe(w === 0); // the active set, exactly
  });
  expectClose(fit.objective, expected.objective, 1e-12);
}

describe('lassoLogisticPath', () => {
  it('λ_max matches, and at λ_max every coefficient is 0 with intercept logit(ȳ)', () => {
    expectClose(lassoLambdaMax(columns, rows, labels), reference.lambdaMax, 1e-13);
    const [fit] = lassoLogisticPath(columns, rows, labels, { nLambda: 1 });
    expect(Array.from(fit.coefficients)).toEqual(new Array(columns.length).fill(0));
    const mean = rows.reduce((s, r) => s + labels[r], 0) / rows.length;
    expectClose(fit.intercept, Math.log(mean / (1 - mean)), 1e-12);
  });

  it('warm-started path matches the exact solution (coefficients to 1e−7, active set exactly) at 6 penalties', () => {
    const path = lassoLogisticPath(columns, rows, labels, { lambdas: reference.fits.map((f) => f.lambda) });
    path.forEach((fit, k) => {
      expect(fit.converged).toBe(true);
      expect(fit.lambda).toBe(reference.fits[k].lambda);
      expectMatchesReference(fit, k);
    });
  });

  it('a single cold-started fit reaches the same solution', () => {
    const k = 3;
    expectMatchesReference(lassoLogisticFit(columns, rows, labels, reference.fits[k].lambda), k);
  });

  it('default grid: nLambda log-uniform penalties from λ_max down to λ_max · lambdaMinRatio', () => {
    const path = lassoLogisticPath(columns, rows, labels, { nLambda: 5, lambdaMinRatio: 0.01 });
    expect(path).toHaveLength(5);
    expectClose(path[0].lambda, reference.lambdaMax, 1e-13);
    expectClose(path[2].lambda, reference.lambdaMax * 0.1, 1e-13);
    expectClose(path[4].lambda, reference.lambdaMax * 0.01, 1e-13);
    // Sparser at larger penalties: the count of selected inputs never falls along this path.
    const counts = path.map((f) => f.coefficients.filter((w) => w !== 0).length);
    counts.slice(1).forEach((c, k) => expect(c).toBeGreaterThanOrEqual(counts[k]));
  });

  it('a column constant on the rows keeps coefficient 0 (the intercept absorbs it)', () => {
    const withConstant = [...columns, new Float64Array(labels.length).fill(2.5)];
    const fit = lassoLogisticFit(withConstant, rows, labels, reference.fits[4].lambda);
    expect(fit.coefficients[columns.length]).toBe(0);
    expect(Math.abs(fit.coefficients[0] - reference.fits[4].coefficients[0])).toBeLessThan(1e-7);
  });

  it('rejects a single class, a NaN input (naming column and row) and a negative penalty', () => {
    const oneClass = rows.filter((r) => labels[r] === 1);
    expect(() => lassoLogisticPath(columns, oneClass, labels)).toThrow(/both classes/);
    const withNaN = [columns[0], Float64Array.from(columns[1], (v, i) => (i === rows[2] ? NaN : v))];
    expect(() => lassoLogisticPath(withNaN, rows, labels)).toThrow(
      new RegExp(`input column 1 is NaN at row ${rows[2]}`),
    );
    expect(() => lassoLogisticFit(columns, rows, labels, -1)).toThrow(/lambdas\[0\] is -1/);
  });
});

describe('lassoLambdaByCv', () => {
  it('mean AUC per λ is the mean over stratified folds of the held-out AUC of the fold-trained path', () => {
    const result = lassoLambdaByCv(columns, rows, labels, { folds: 4, seed: 9, nLambda: 8 });
    const folds = stratifiedKFold(
      rows.map((r) => labels[r]),
      4,
      9,
    );
    const lambdas = Array.from(result.lambdas);
    const manual = folds.map((fold) => {
      const train = Array.from(fold.train, (m) => rows[m]);
      const test = Array.from(fold.test, (m) => rows[m]);
      return lassoLogisticPath(columns, train, labels, { lambdas }).map((fit) =>
        aucMannWhitney(
          lassoDecisionValues(fit, columns, test),
          test.map((r) => labels[r]),
        ),
      );
    });
    lambdas.forEach((_, k) =>
      expectClose(result.meanAuc[k], manual.reduce((s, f) => s + f[k], 0) / 4, 1e-12),
    );
    const best = Math.max(...result.meanAuc);
    expect(result.meanAuc[result.bestIndex]).toBe(best);
    expect(result.lambda).toBe(lambdas[result.bestIndex]);
    // The grid comes from all rows (as cv.glmnet), starting at their λ_max.
    expectClose(lambdas[0], reference.lambdaMax, 1e-13);
  });

  it('ties go to the larger λ: with a perfectly separating input every λ below λ_max scores AUC 1', () => {
    const n = 40;
    const tieLabels = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const separating = Float64Array.from(tieLabels, (y, i) => (y ? 1 : -1) + 0.01 * (i % 7));
    const noise = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7));
    const allRows = Array.from({ length: n }, (_, i) => i);
    const result = lassoLambdaByCv([separating, noise], allRows, tieLabels, {
      folds: 5,
      seed: 3,
      nLambda: 6,
    });
    expect(Array.from(result.meanAuc.slice(1))).toEqual([1, 1, 1, 1, 1]);
    expect(result.bestIndex).toBe(1);
  });
});
