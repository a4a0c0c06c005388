import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CalibratedClassifier,
  restoreCalibratedClassifier,
} from '../../src/calibration/calibratedClassifier.js';
import { applyCalibrator } from '../../src/calibration/calibrator.js';
import { crossValidatedCalibration } from '../../src/calibration/crossValidatedCalibration.js';
import { logisticRegressionSpec } from '../../src/classifiers/logisticRegression.js';
import type { LogisticRegressionState } from '../../src/classifiers/logisticRegression.js';

/** scikit-learn 1.2 CalibratedClassifierCV(LogisticRegression(C), 'sigmoid', ensemble=False); see its script. */
interface Reference {
  rows: number[][];
  labels: number[];
  foldTests: number[][];
  cases: {
    C: number;
    intercept: number;
    coefficients: number[];
    a: number;
    b: number;
    plattOptimumGap: number;
    probabilities: number[];
  }[];
}
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/calibration/sklearn-calibrated-lr.json', import.meta.url), 'utf8'),
) as Reference;
const rows = reference.rows.map((r) => Float64Array.from(r));
const labels = Uint8Array.from(reference.labels);
const folds = reference.foldTests.map((test) => {
  const tested = new Set(test);
  return { train: rows.map((_, i) => i).filter((i) => !tested.has(i)), test };
});

const fitCalibratedLr = (C: number) =>
  crossValidatedCalibration({
    spec: logisticRegressionSpec,
    rows,
    labels,
    hyperparameters: { C },
    folds,
    method: 'sigmoid',
    seed: 1,
  }).model;

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('CalibratedClassifier: logistic regression calibrated on its logit', () => {
  it.each(reference.cases)(
    'matches scikit-learn’s CalibratedClassifierCV on the breast-cancer data (C = $C)',
    ({ C, intercept, coefficients, a, b, plattOptimumGap, probabilities }) => {
      const model = fitCalibratedLr(C);
      // The refitted classifier: same penalty parametrisation as scikit-learn's C.
      const state = model.classifier.toJSON().state as LogisticRegressionState;
      expect(Math.abs(state.intercept - intercept)).toBeLessThan(1e-8);
      expect(maxAbsDifference(state.coefficients, coefficients)).toBeLessThan(1e-8);
      // Platt's map, fitted on the out-of-fold logits; scikit-learn's BFGS stops near, not at, the optimum.
      if (model.calibrator.method !== 'sigmoid') throw new Error('expected a sigmoid calibrator');
      expect(Math.abs(model.calibrator.a - a)).toBeLessThan(1e-6);
      expect(Math.abs(model.calibrator.b - b)).toBeLessThan(1e-6);
      const difference = maxAbsDifference(model.predictProba(rows), probabilities);
      expect(difference).toBeLessThan(1e-6);
      // What is left is scikit-learn's own distance from the exact Platt optimum.
      expect(difference).toBeLessThan(2 * plattOptimumGap);
    },
  );

  it('is not capped inside (0.005, 0.99): the logit’s calibration reaches the extremes', () => {
    const p = fitCalibratedLr(1).predictProba(rows);
    expect(Math.min(...p)).toBeLessThan(1e-6);
    expect(Math.max(...p)).toBeGreaterThan(0.9999);
  });
});

describe('CalibratedClassifier', () => {
  const model = fitCalibratedLr(1);

  it('predictProba is the calibration map applied to the classifier’s score', () => {
    const expected = applyCalibrator(model.calibrator, model.classifier.score(rows));
    expect(Array.from(model.predictProba(rows))).toEqual(Array.from(expected));
    expect(Array.from(model.calibrate(model.classifier.score(rows)))).toEqual(Array.from(expected));
    expect(model.kind).toBe('lr');
  });

  it('restores from its JSON form (by kind, from the registry) to identical probabilities', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(Object.keys(json).sort()).toEqual(['calibration', 'classifier']);
    const restored = restoreCalibratedClassifier(json);
    expect(Array.from(restored.predictProba(rows))).toEqual(Array.from(model.predictProba(rows)));
  });

  it('rejects a malformed calibration map when built, not at prediction', () => {
    const { classifier } = model;
    expect(() => new CalibratedClassifier(classifier, { method: 'sigmoid', a: NaN, b: 0 })).toThrow(
      /a and b must be finite/,
    );
    expect(() => new CalibratedClassifier(classifier, { method: 'isotonic', x: [0, 1], y: [0.5] })).toThrow(
      /isotonic calibrator/,
    );
    expect(
      () =>
        new CalibratedClassifier(classifier, {
          method: 'beta',
        } as unknown as CalibratedClassifier['calibrator']),
    ).toThrow(/unknown calibration method: beta/);
  });
});
