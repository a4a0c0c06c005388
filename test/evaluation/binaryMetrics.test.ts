import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateBinary } from '../../src/evaluation/binaryMetrics.js';

interface CalibrationCase {
  name: string;
  bins: number;
  probabilities: number[];
  labels: number[];
  brier: number;
  slope: number;
  intercept: number;
  ece: number;
}
// Calibration values: numpy/scipy (test/fixtures/stats/make_binary_metrics_reference.py).
const calibrationCases = (
  JSON.parse(
    readFileSync(new URL('../fixtures/stats/calibration_reference.json', import.meta.url), 'utf8'),
  ) as {
    cases: CalibrationCase[];
  }
).cases;

describe('evaluateBinary', () => {
  it('fills every SetMetrics field on the hand example', () => {
    // positives 0.8, 0.6, 0.4; negatives 0.5, 0.4: AUC 0.75, DeLong variance 5/72 (see delong.test.ts)
    const p = [0.8, 0.5, 0.6, 0.4, 0.4];
    const y = Uint8Array.from([1, 0, 1, 1, 0]);
    const metrics = evaluateBinary(p, y, 0.55, { bins: 5 });
    expect(metrics.n).toBe(5);
    expect(metrics.nPositive).toBe(3);
    expect(metrics.auc).toBeCloseTo(0.75, 15);
    expect(metrics.aucStandardError).toBeCloseTo(Math.sqrt(5 / 72), 15);
    expect(metrics.ci95[0]).toBeCloseTo(0.75 - 1.959963984540054 * Math.sqrt(5 / 72), 12);
    expect(metrics.ci95[1]).toBe(1);
    // at 0.55: predicted positive 0.8, 0.6 → tp 2, fn 1, tn 2, fp 0
    expect(metrics.threshold).toBe(0.55);
    expect(metrics.sensitivity).toBeCloseTo(2 / 3, 15);
    expect(metrics.specificity).toBe(1);
    expect(metrics.accuracy).toBeCloseTo(0.8, 15);
    // Brier: (0.04 + 0.25 + 0.16 + 0.36 + 0.16)/5 = 0.194
    expect(metrics.brier).toBeCloseTo(0.194, 15);
    expect(metrics.roc.length).toBe(5);
    expect(metrics.roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: 1.8 });
    // 5 bins: 0.4, 0.4 → [0.4, 0.6) with 0.5 (mean 13/30, observed 1/3); 0.6, 0.8 → bins 3, 4
    expect(metrics.reliability.map((b) => b.count)).toEqual([3, 1, 1]);
    const ece = (3 * Math.abs(1.3 / 3 - 1 / 3) + 1 * Math.abs(0.6 - 1) + 1 * Math.abs(0.8 - 1)) / 5;
    expect(metrics.ece).toBeCloseTo(ece, 14);
    expect(Number.isFinite(metrics.calibrationIntercept)).toBe(true);
    expect(Number.isFinite(metrics.calibrationSlope)).toBe(true);
  });

  it('agrees with the numpy/scipy calibration reference', () => {
    for (const c of calibrationCases) {
      const metrics = evaluateBinary(Float64Array.from(c.probabilities), Uint8Array.from(c.labels), 0.5, {
        bins: c.bins,
      });
      expect(metrics.brier).toBeCloseTo(c.brier, 14);
      expect(metrics.ece).toBeCloseTo(c.ece, 14);
      expect(metrics.calibrationSlope).toBeCloseTo(c.slope, 8);
      expect(metrics.calibrationIntercept).toBeCloseTo(c.intercept, 8);
    }
  });

  it('returns NaN (null in JSON) for undefined metrics instead of throwing', () => {
    const metrics = evaluateBinary([0.2, 0.7, 0.4], Uint8Array.from([0, 0, 0]), 0.5);
    expect(metrics.nPositive).toBe(0);
    expect(metrics.auc).toBeNaN();
    expect(metrics.sensitivity).toBeNaN();
    expect(metrics.specificity).toBeCloseTo(2 / 3, 15);
    expect(metrics.calibrationSlope).toBeNaN();
    const json = JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>;
    expect(json.auc).toBeNull();
    expect(json.sensitivity).toBeNull();
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => evaluateBinary([1.5, 0.2], Uint8Array.from([1, 0]), 0.5)).toThrow(RangeError);
  });
});
