import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logisticWald, oddsRatios } from '../../src/evaluation/oddsRatios.js';
import { fitLogisticRegressionRows } from '../../src/stats/logisticFit.js';

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/evaluation/wald_reference.json', import.meta.url), 'utf8'),
) as {
  rows: number[][];
  labels: number[];
  unpenalised: { theta: number[]; se: number[]; p: number[] };
  penalised: { lambda: number; theta: number[]; se: number[] };
};
const rows = reference.rows.map((r) => Float64Array.from(r));
const labels = Uint8Array.from(reference.labels);

describe('logistic Wald standard errors', () => {
  it("match statsmodels' Logit for an unpenalised fit (estimates, standard errors, p-values)", () => {
    const fit = fitLogisticRegressionRows(rows, labels, {});
    const wald = logisticWald(rows, labels, fit.coefficients);
    wald.forEach((w, j) => {
      expect(w.estimate).toBeCloseTo(reference.unpenalised.theta[j], 7);
      expect(w.standardError).toBeCloseTo(reference.unpenalised.se[j], 7);
      expect(w.pValue).toBeCloseTo(reference.unpenalised.p[j], 7);
    });
  });

  it('match the inverse penalised Hessian at the penalised optimum (numpy)', () => {
    const { lambda } = reference.penalised;
    const fit = fitLogisticRegressionRows(rows, labels, { l2Penalty: lambda });
    const wald = logisticWald(rows, labels, fit.coefficients, lambda);
    wald.forEach((w, j) => {
      expect(w.estimate).toBeCloseTo(reference.penalised.theta[j], 7);
      expect(w.standardError).toBeCloseTo(reference.penalised.se[j], 9);
    });
  });
});

describe('odds ratios', () => {
  it('are exp(β) per SD for a continuous input and exp(β/sd) per unit for a 0/1 input, with Wald CIs', () => {
    const wald = [
      { estimate: 0.1, standardError: 0.2, pValue: 0.6 },
      { estimate: 0.5, standardError: 0.25, pValue: 0.045 },
      { estimate: -0.4, standardError: 0.2, pValue: 0.045 },
    ];
    const [continuous, binary] = oddsRatios(wald, ['dwi_adc_mean', 'er'], [1, 0.5], (i) => i === 'er');
    expect(continuous.per).toBe('sd');
    expect(continuous.oddsRatio).toBeCloseTo(Math.exp(0.5), 12);
    expect(continuous.ci95[0]).toBeCloseTo(Math.exp(0.5 - 1.959963984540054 * 0.25), 10);
    expect(continuous.ci95[1]).toBeCloseTo(Math.exp(0.5 + 1.959963984540054 * 0.25), 10);
    expect(binary.per).toBe('unit');
    expect(binary.oddsRatio).toBeCloseTo(Math.exp(-0.4 / 0.5), 12);
    expect(binary.ci95[1]).toBeCloseTo(Math.exp((-0.4 + 1.959963984540054 * 0.2) / 0.5), 10);
    expect(binary.pValue).toBe(0.045);
  });
});
