import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCalibrator } from '../../src/calibration/calibrator.js';
import { fitSigmoidCalibrator, plattTargets } from '../../src/calibration/sigmoid.js';

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/classifiers/sigmoid-calibration.json', import.meta.url), 'utf8'),
) as {
  scores: number[];
  labels: number[];
  a: number;
  b: number;
};

describe('Platt sigmoid calibrator', () => {
  it('uses the prior-corrected targets (n₊ + 1)/(n₊ + 2) and 1/(n₋ + 2)', () => {
    const targets = plattTargets(Uint8Array.from([1, 0, 0, 1, 0]));
    expect(Array.from(targets)).toEqual([3 / 4, 1 / 5, 1 / 5, 3 / 4, 1 / 5]);
  });

  it('matches a scipy L-BFGS fit of the same objective', () => {
    const calibrator = fitSigmoidCalibrator(reference.scores, Uint8Array.from(reference.labels));
    expect(calibrator.method).toBe('sigmoid');
    expect(calibrator.a).toBeCloseTo(reference.a, 6);
    expect(calibrator.b).toBeCloseTo(reference.b, 6);
  });

  it('maps a score s to 1 / (1 + exp(a·s + b))', () => {
    const p = applyCalibrator({ method: 'sigmoid', a: -2, b: 0.5 }, [0, 1, -800, 800]);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
    expect(p[2]).toBe(0);
    expect(p[3]).toBe(1);
  });

  it('stays finite on perfectly separated scores (the targets are never 0 or 1)', () => {
    const calibrator = fitSigmoidCalibrator([-3, -2, -1, 1, 2, 3], Uint8Array.from([0, 0, 0, 1, 1, 1]));
    expect(Number.isFinite(calibrator.a) && Number.isFinite(calibrator.b)).toBe(true);
    const p = applyCalibrator(calibrator, [3])[0];
    // The optimum puts the most extreme point near its target 4/5, never at 1.
    expect(p).toBeGreaterThan(0.6);
    expect(p).toBeLessThan(0.95);
  });

  it('fits only the intercept when every score is equal', () => {
    const calibrator = fitSigmoidCalibrator([2, 2, 2, 2], Uint8Array.from([1, 0, 0, 0]));
    // All targets pooled: mean target = (2/3 + 3 · 1/5) / 4.
    expect(applyCalibrator(calibrator, [2])[0]).toBeCloseTo((2 / 3 + 3 / 5) / 4, 8);
  });
});
