// Wilson intervals, calibration inference and net benefit against the independent Python
// computation in test/fixtures/evaluation/make_frozen_evaluation_reference.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrationInference } from '../../src/evaluation/calibrationInference.js';
import { decisionCurve, decisionCurveFromRoc } from '../../src/evaluation/decisionCurve.js';
import { rocCurve } from '../../src/stats/roc.js';
import { proportionWithCi, wilsonInterval } from '../../src/evaluation/wilsonInterval.js';
import { expectClose } from '../stats/closeTo.js';

interface Estimate {
  estimate: number;
  se: number;
  ci95: [number, number];
}
interface Reference {
  wilson: { successes: number; n: number; ci95: [number, number] }[];
  cases: {
    name: string;
    probabilities: number[];
    labels: number[];
    calibration: { intercept: Estimate; slope: Estimate; inTheLargeTest: { z: number; pValue: number } };
    thresholds: number[];
    netBenefit: { threshold: number; model: number; treatAll: number }[];
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/evaluation/frozen_evaluation_reference.json', import.meta.url), 'utf8'),
) as Reference;

describe('wilsonInterval', () => {
  it.each(reference.wilson)('$successes of $n matches the score-test inversion', ({ successes, n, ci95 }) => {
    const [lo, hi] = wilsonInterval(successes, n);
    expectClose(lo, ci95[0], 1e-9, 1e-12);
    expectClose(hi, ci95[1], 1e-9, 1e-12);
  });

  it('is undefined without patients and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual([NaN, NaN]);
    expect(proportionWithCi(0, 0).value).toBeNaN();
    expect(() => wilsonInterval(5, 4)).toThrow(/successes/);
    expect(() => wilsonInterval(1.5, 4)).toThrow(/successes/);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(/level/);
  });
});

describe.each(reference.cases)('case $name', (c) => {
  const result = calibrationInference(c.probabilities, c.labels);

  it('calibration intercept and slope with Wald SEs and CIs match scipy / scikit-learn', () => {
    for (const key of ['intercept', 'slope'] as const) {
      expectClose(result[key].estimate, c.calibration[key].estimate, 1e-6);
      expectClose(result[key].se, c.calibration[key].se, 1e-6);
      expectClose(result[key].ci95[0], c.calibration[key].ci95[0], 1e-6);
      expectClose(result[key].ci95[1], c.calibration[key].ci95[1], 1e-6);
    }
  });

  it('the calibration-in-the-large Wald test matches', () => {
    expect(result.inTheLargeTest.method).toBe('wald-intercept');
    expectClose(result.inTheLargeTest.z, c.calibration.inTheLargeTest.z, 1e-6);
    expectClose(result.inTheLargeTest.pValue, c.calibration.inTheLargeTest.pValue, 1e-5);
  });

  it('net benefit of the model and of treat-all match at every threshold', () => {
    const curve = decisionCurve(c.probabilities, c.labels, c.thresholds);
    expect(curve.map((p) => p.threshold)).toEqual(c.thresholds);
    curve.forEach((point, k) => {
      expectClose(point.model, c.netBenefit[k].model, 1e-12, 1e-15);
      expectClose(point.treatAll, c.netBenefit[k].treatAll, 1e-12, 1e-15);
      expect(point.treatNone).toBe(0);
    });
  });
});

describe('degenerate input', () => {
  it('one class only: calibration and its test are NaN, never thrown', () => {
    const r = calibrationInference([0.2, 0.4, 0.6], [1, 1, 1]);
    expect(r.intercept.estimate).toBeNaN();
    expect(r.intercept.ci95).toEqual([NaN, NaN]);
    expect(r.inTheLargeTest.pValue).toBeNaN();
  });

  it('decision curve refuses a threshold of 1 and defaults to 0.01…0.99', () => {
    expect(() => decisionCurve([0.5], [1], [1])).toThrow(/outside \[0, 1\)/);
    const curve = decisionCurve([0.2, 0.8], [0, 1]);
    expect(curve).toHaveLength(99);
    expect(curve[0].threshold).toBe(0.01);
    expect(curve[98].threshold).toBe(0.99);
    // At pt = 0.5: TP = 1, FP = 0 of 2 → 0.5; treat all: 0.5 − 0.5 · 1 = 0.
    expect(curve[49]).toEqual({ threshold: 0.5, model: 0.5, treatAll: 0, treatNone: 0 });
  });
});

describe('decisionCurveFromRoc', () => {
  it.each(reference.cases)(
    '$name: the stored ROC curve gives the same net benefits as the probabilities',
    (c) => {
      const roc = rocCurve(c.probabilities, c.labels);
      const nPositive = c.labels.filter((y) => y === 1).length;
      const fromRoc = decisionCurveFromRoc(roc, c.labels.length, nPositive);
      const direct = decisionCurve(c.probabilities, c.labels);
      fromRoc.forEach((point, k) => {
        expectClose(point.model, direct[k].model, 1e-12, 1e-15);
        expectClose(point.treatAll, direct[k].treatAll, 1e-12, 1e-15);
      });
      // …and at the reference thresholds, the Python values.
      decisionCurveFromRoc(roc, c.labels.length, nPositive, c.thresholds).forEach((point, k) =>
        expectClose(point.model, c.netBenefit[k].model, 1e-12, 1e-15),
      );
    },
  );
});
