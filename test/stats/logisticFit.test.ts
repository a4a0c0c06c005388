import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, fitLogisticRegressionRows } from '../../src/stats/logisticFit.js';

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
      ).singular,
    ).toBe(true);
  });

  it('soft outcomes: the intercept-only fit is the logit of the mean target (closed form)', () => {
    const t = [0.9, 0.2, 0.6, 0.05, 0.75];
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const fit = fitLogisticRegression([], t);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(mean / (1 - mean)), 12);
  });

  describe('L2 penalty (½ Σ λₖ βₖ², never on the intercept)', () => {
    const x1 = [0.5, -1.2, 2.0, 0.3, -0.7, 1.1, -2.2, 0.9, 0.0, -0.4];
    const x2 = [1.0, 0.4, -0.3, 2.1, -1.5, 0.2, 0.8, -0.6, 1.7, -1.1];
    const y = [1, 0, 1, 0, 0, 1, 0, 1, 1, 0]; // x1 alone does not separate y (0.0 → 1, 0.3 → 0)
    /** Gradient of Σ [softplus(η) − yη] + ½ Σ λₖ βₖ², written out independently of the solver. */
    const gradient = (beta: ArrayLike<number>, lambda: number[]) => {
      const g = [0, 0, 0];
      y.forEach((yi, i) => {
        const r = 1 / (1 + Math.exp(-(beta[0] + beta[1] * x1[i] + beta[2] * x2[i]))) - yi;
        g[0] += r;
        g[1] += r * x1[i];
        g[2] += r * x2[i];
      });
      return [g[0], g[1] + lambda[0] * beta[1], g[2] + lambda[1] * beta[2]];
    };

    it.each([
      { penalty: 0.7, lambda: [0.7, 0.7] },
      { penalty: [0, 3], lambda: [0, 3] },
    ])('reaches the penalised optimum (l2Penalty $penalty)', ({ penalty, lambda }) => {
      const fit = fitLogisticRegression([x1, x2], y, { l2Penalty: penalty });
      expect(fit.converged).toBe(true);
      for (const g of gradient(fit.coefficients, lambda)) expect(Math.abs(g)).toBeLessThan(1e-10);
    });

    it('shrinks the coefficients but leaves the intercept free (it tends to the log-odds)', () => {
      const fit = fitLogisticRegression([x1, x2], y, { l2Penalty: 1e9 });
      expect(Math.abs(fit.coefficients[1]) + Math.abs(fit.coefficients[2])).toBeLessThan(1e-7);
      expect(fit.coefficients[0]).toBeCloseTo(Math.log(5 / 5), 6);
    });

    it('makes separable data finite and convergent', () => {
      const fit = fitLogisticRegression([[1, 2, 3, 4]], [0, 0, 1, 1], { l2Penalty: 0.1 });
      expect(fit.converged).toBe(true);
      expect(fit.coefficients.every(Number.isFinite)).toBe(true);
    });

    it('gives the same fit from rows as from columns', () => {
      const rows = x1.map((v, i) => [v, x2[i]]);
      const byRows = fitLogisticRegressionRows(rows, y, { l2Penalty: 0.7 });
      const byColumns = fitLogisticRegression([x1, x2], y, { l2Penalty: 0.7 });
      expect(Array.from(byRows.coefficients)).toEqual(Array.from(byColumns.coefficients));
    });

    it('rejects a negative penalty or one of the wrong length', () => {
      expect(() => fitLogisticRegression([x1], y, { l2Penalty: -1 })).toThrow(/l2Penalty must be ≥ 0/);
      expect(() => fitLogisticRegression([x1], y, { l2Penalty: [1, 2] })).toThrow(/l2Penalty length/);
    });
  });

  it('rejects mismatched lengths', () => {
    expect(() => fitLogisticRegression([[1, 2]], [1, 0, 1])).toThrow(RangeError);
    expect(() => fitLogisticRegression([], [1, 0], { offset: [0] })).toThrow(RangeError);
    expect(() => fitLogisticRegressionRows([[1], [2, 3]], [1, 0])).toThrow(/row 1 has 2 values/);
  });
});
