import { describe, expect, it } from 'vitest';
import { fitLogisticRegression } from '../../src/stats/logisticFit.js';

describe('fitLogisticRegression', () => {
  it('intercept-only model: β₀ = logit of the event rate (closed form)', () => {
    const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const fit = fitLogisticRegression([], y);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(3 / 7), 12);
  });

  it('one binary predictor: β₁ = log odds ratio of the 2×2 table (closed form)', () => {
    // x = 1: 6 events of 8; x = 0: 2 events of 8 → β₀ = logit(2/8), β₁ = log((6/2)/(2/6)) = log 9
    const x = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const y = [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0];
    const fit = fitLogisticRegression([x], y);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(2 / 6), 12);
    expect(fit.coefficients[1]).toBeCloseTo(Math.log(9), 12);
    // log-likelihood = Σ over cells of k·log p + (n − k)·log(1 − p)
    const expected = 6 * Math.log(0.75) + 2 * Math.log(0.25) + 2 * Math.log(0.25) + 6 * Math.log(0.75);
    expect(fit.logLikelihood).toBeCloseTo(expected, 12);
  });

  it('respects an offset and fitting without intercept', () => {
    const y = [1, 0, 1, 1];
    const offset = [0.3, 0.3, 0.3, 0.3];
    const withOffset = fitLogisticRegression([], y, { offset });
    expect(withOffset.coefficients[0]).toBeCloseTo(Math.log(3) - 0.3, 12);
    const noIntercept = fitLogisticRegression([[1, 1, 1, 1]], y, { intercept: false });
    expect(noIntercept.coefficients.length).toBe(1);
    expect(noIntercept.coefficients[0]).toBeCloseTo(Math.log(3), 12);
  });

  it('reports non-convergence under complete separation and for collinear columns', () => {
    expect(fitLogisticRegression([[1, 2, 3, 4]], [0, 0, 1, 1]).converged).toBe(false);
    expect(
      fitLogisticRegression(
        [
          [1, 2, 3, 4],
          [2, 4, 6, 8],
        ],
        [0, 1, 0, 1],
      ).converged,
    ).toBe(false);
  });

  it('rejects mismatched lengths', () => {
    expect(() => fitLogisticRegression([[1, 2]], [1, 0, 1])).toThrow(RangeError);
    expect(() => fitLogisticRegression([], [1, 0], { offset: [0] })).toThrow(RangeError);
  });
});
