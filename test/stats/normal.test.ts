import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalTwoSidedPValue } from '../../src/stats/normal.js';

// Reference values: scipy.special.ndtr / ndtri, see test/fixtures/stats/make_binary_metrics_reference.py.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/normal_reference.json', import.meta.url), 'utf8'),
) as { cdf: { x: number; p: number }[]; quantile: { p: number; x: number }[] };

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('normalCdf', () => {
  it('matches scipy ndtr to 1e-13 relative, including deep tails', () => {
    for (const { x, p } of reference.cdf) {
      expect(relativeError(normalCdf(x), p), `x = ${x}`).toBeLessThan(1e-13);
    }
  });

  it('has textbook values and limits', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (const x of [0.1, 0.9, 1.7, 2.0, 2.3, 3.9]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });
});

describe('normalQuantile', () => {
  it('matches scipy ndtri to 1e-13 relative', () => {
    for (const { p, x } of reference.quantile) {
      expect(relativeError(normalQuantile(p), x), `p = ${p}`).toBeLessThan(1e-13);
    }
  });

  it('inverts normalCdf', () => {
    for (const x of [-7, -3.3, -1.2, -0.01, 0.4, 2.2, 5]) {
      expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 9);
    }
  });

  it('returns ±Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});

describe('normalTwoSidedPValue', () => {
  it('is 0.05 at z = 1.96 and 1 at z = 0, keeps tail accuracy', () => {
    expect(normalTwoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedPValue(-1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedPValue(0)).toBe(1);
    // 2·Φ(−10) from scipy: 2 × 7.61985302416047e−24
    expect(relativeError(normalTwoSidedPValue(10), 1.523970604832094e-23)).toBeLessThan(1e-13);
    expect(normalTwoSidedPValue(Infinity)).toBe(0);
    expect(normalTwoSidedPValue(NaN)).toBeNaN();
  });
});
