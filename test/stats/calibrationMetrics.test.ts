import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  brierScore,
  calibrationInterceptSlope,
  clippedLogit,
  expectedCalibrationError,
  reliabilityBins,
} from '../../src/stats/calibrationMetrics.js';
import { createRng } from '../../src/stats/random.js';

interface CalibrationCase {
  name: string;
  bins: number;
  probabilities: number[];
  labels: number[];
  brier: number;
  slope: number;
  intercept: number;
  ece: number;
  reliability: { lower: number; upper: number; count: number; meanPredicted: number; observedRate: number }[];
}
// Reference: numpy Brier/ECE/bins and scipy.optimize.root logistic fits (make_binary_metrics_reference.py).
const cases = (
  JSON.parse(
    readFileSync(new URL('../fixtures/stats/calibration_reference.json', import.meta.url), 'utf8'),
  ) as {
    cases: CalibrationCase[];
  }
).cases;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** n patients with true risk sigmoid(η), η ~ N(−0.5, 1.5²); predictions sigmoid(a + b·η). */
function syntheticCohort(seed: number, n: number, a: number, b: number) {
  const rng = createRng(seed);
  const probabilities = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const eta = -0.5 + 1.5 * rng.normal();
    labels[i] = rng.next() < sigmoid(eta) ? 1 : 0;
    probabilities[i] = sigmoid(a + b * eta);
  }
  return { probabilities, labels };
}

describe('brierScore and ECE by hand', () => {
  it('Brier = mean squared error', () => {
    // (0.9−1)² + (0.2−0)² + (0.6−0)² + (0.7−1)² = 0.01 + 0.04 + 0.36 + 0.09 = 0.5 → /4
    expect(brierScore([0.9, 0.2, 0.6, 0.7], Uint8Array.from([1, 0, 0, 1]))).toBeCloseTo(0.125, 15);
    expect(brierScore([1, 0], Uint8Array.from([1, 0]))).toBe(0);
  });

  it('ECE and reliability bins on a tiny example', () => {
    // 10 bins: 0.12, 0.18 → bin 1 (mean 0.15, observed 0/2); 0.62, 0.66, 0.64 → bin 6 (mean 0.64,
    // observed 2/3); 1.0 → bin 9 (mean 1, observed 1). ECE = (2·0.15 + 3·|0.64 − 2/3| + 0)/6.
    const p = [0.12, 0.62, 0.18, 0.66, 1.0, 0.64];
    const y = Uint8Array.from([0, 1, 0, 1, 1, 0]);
    const expectedEce = (2 * 0.15 + 3 * Math.abs(0.64 - 2 / 3)) / 6;
    expect(expectedCalibrationError(p, y)).toBeCloseTo(expectedEce, 14);
    const bins = reliabilityBins(p, y);
    expect(bins.map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0.1, 0.2, 2],
      [0.6, 0.7, 3],
      [0.9, 1, 1],
    ]);
    expect(bins[0].meanPredicted).toBeCloseTo(0.15, 15);
    expect(bins[1].observedRate).toBeCloseTo(2 / 3, 15);
    expect(bins[2]).toMatchObject({ meanPredicted: 1, observedRate: 1 });
  });

  it('uses [b/B, (b+1)/B) bins with p = 1 in the last bin', () => {
    const bins = reliabilityBins([0, 0.5, 1], Uint8Array.from([0, 1, 1]), 2);
    expect(bins.map((b) => b.count)).toEqual([1, 2]);
  });

  it('is NaN for an empty set and rejects out-of-range probabilities', () => {
    expect(brierScore([], new Uint8Array(0))).toBeNaN();
    expect(expectedCalibrationError([], new Uint8Array(0))).toBeNaN();
    expect(reliabilityBins([], new Uint8Array(0))).toEqual([]);
    expect(() => brierScore([1.2], Uint8Array.from([1]))).toThrow(RangeError);
    expect(() => expectedCalibrationError([-0.1], Uint8Array.from([1]))).toThrow(RangeError);
    expect(() => reliabilityBins([0.3], Uint8Array.from([1]), 0)).toThrow(RangeError);
  });
});

describe('calibration metrics against the numpy/scipy reference', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = Float64Array.from(c.probabilities);
      const y = Uint8Array.from(c.labels);
      expect(brierScore(p, y)).toBeCloseTo(c.brier, 14);
      expect(expectedCalibrationError(p, y, c.bins)).toBeCloseTo(c.ece, 14);
      const bins = reliabilityBins(p, y, c.bins);
      expect(bins.length).toBe(c.reliability.length);
      bins.forEach((bin, k) => {
        const expected = c.reliability[k];
        expect(bin.lower).toBeCloseTo(expected.lower, 15);
        expect(bin.upper).toBeCloseTo(expected.upper, 15);
        expect(bin.count).toBe(expected.count);
        expect(bin.meanPredicted).toBeCloseTo(expected.meanPredicted, 14);
        expect(bin.observedRate).toBeCloseTo(expected.observedRate, 14);
      });
      const fit = calibrationInterceptSlope(p, y);
      expect(fit.converged).toEqual({ intercept: true, slope: true });
      expect(fit.slope).toBeCloseTo(c.slope, 8);
      expect(fit.intercept).toBeCloseTo(c.intercept, 8);
    });
  }
});

describe('calibration intercept and slope on synthetic cohorts', () => {
  it('perfectly calibrated predictions: slope ≈ 1, intercept ≈ 0, small ECE', () => {
    const { probabilities, labels } = syntheticCohort(1, 20_000, 0, 1);
    const fit = calibrationInterceptSlope(probabilities, labels);
    // SE of the slope at n = 20 000 is about 0.015, of the intercept about 0.02.
    expect(Math.abs(fit.slope - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.intercept)).toBeLessThan(0.06);
    expect(expectedCalibrationError(probabilities, labels)).toBeLessThan(0.02);
  });

  it('over-extreme predictions sigmoid(2·η): slope ≈ 0.5', () => {
    const { probabilities, labels } = syntheticCohort(2, 20_000, 0, 2);
    expect(Math.abs(calibrationInterceptSlope(probabilities, labels).slope - 0.5)).toBeLessThan(0.03);
  });

  it('risks shifted up by +1 on the logit scale: intercept ≈ −1, slope ≈ 1', () => {
    const { probabilities, labels } = syntheticCohort(3, 20_000, 1, 1);
    const fit = calibrationInterceptSlope(probabilities, labels);
    expect(Math.abs(fit.intercept + 1)).toBeLessThan(0.06);
    expect(Math.abs(fit.slope - 1)).toBeLessThan(0.05);
    expect(expectedCalibrationError(probabilities, labels)).toBeGreaterThan(0.1);
  });
});

describe('degenerate calibration fits', () => {
  it('all outcomes one class: both NaN, not converged', () => {
    const fit = calibrationInterceptSlope([0.2, 0.5, 0.7], Uint8Array.from([0, 0, 0]));
    expect(fit.intercept).toBeNaN();
    expect(fit.slope).toBeNaN();
    expect(fit.converged).toEqual({ intercept: false, slope: false });
  });

  it('outcomes perfectly separated by p: slope NaN, intercept still finite', () => {
    const fit = calibrationInterceptSlope([0.1, 0.3, 0.7, 0.9], Uint8Array.from([0, 0, 1, 1]));
    expect(fit.slope).toBeNaN();
    expect(fit.converged.slope).toBe(false);
    expect(Number.isFinite(fit.intercept)).toBe(true);
    // a′ = 0 solves Σ(y − sigmoid(a′ + logit p)) = −0.1 − 0.3 + 0.3 + 0.1 = 0
    expect(fit.intercept).toBeCloseTo(0, 8);
  });

  it('constant predictions: slope NaN; intercept = logit(observed rate) − logit(p)', () => {
    const fit = calibrationInterceptSlope([0.25, 0.25, 0.25, 0.25, 0.25], Uint8Array.from([1, 0, 1, 0, 0]));
    expect(fit.slope).toBeNaN();
    expect(fit.intercept).toBeCloseTo(Math.log(0.4 / 0.6) - Math.log(0.25 / 0.75), 10);
  });

  it('clips p to [1e−12, 1 − 1e−12] before the logit', () => {
    expect(clippedLogit(0)).toBeCloseTo(Math.log(1e-12 / (1 - 1e-12)), 10);
    expect(clippedLogit(1)).toBeCloseTo(-Math.log(1e-12 / (1 - 1e-12)), 4);
    expect(clippedLogit(0.5)).toBe(0);
  });
});
