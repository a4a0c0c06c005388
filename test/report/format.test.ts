import { describe, expect, it } from 'vitest';
import {
  formatAuc,
  formatAucWithCi,
  formatCi,
  formatCountPercent,
  formatFixed,
  formatMeanSd,
  formatPValue,
  MISSING,
} from '../../src/report/format.js';

describe('report number formatting', () => {
  it('prints AUCs with 3 decimals and the DeLong CI with an en dash', () => {
    expect(formatAuc(0.8427)).toBe('0.843');
    expect(formatAuc(1)).toBe('1.000');
    expect(formatCi([0.774, 0.8966])).toBe('0.774–0.897');
    expect(formatAucWithCi(0.843, [0.774, 0.897])).toBe('0.843 (0.774–0.897)');
  });

  it('prints p-values like the paper: 3 decimals, or "< 0.001"', () => {
    expect(formatPValue(0.0123)).toBe('0.012');
    expect(formatPValue(0.4)).toBe('0.400');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(0.000999)).toBe('< 0.001');
    expect(formatPValue(0)).toBe('< 0.001');
  });

  it('shows null, undefined, NaN and infinities as an en dash', () => {
    for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatAuc(bad)).toBe(MISSING);
      expect(formatPValue(bad)).toBe(MISSING);
      expect(formatFixed(bad, 2)).toBe(MISSING);
      expect(formatAucWithCi(bad, [0.1, 0.2])).toBe(MISSING);
    }
    expect(MISSING).toBe('–');
    expect(formatCi([null, 0.5])).toBe(MISSING);
    expect(formatCi(null)).toBe(MISSING);
  });

  it('drops an undefined CI but keeps the AUC', () => {
    expect(formatAucWithCi(0.7, [Number.NaN, Number.NaN])).toBe('0.700');
    expect(formatAucWithCi(0.7, null)).toBe('0.700');
  });

  it('never prints negative zero', () => {
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatFixed(-0.02, 2)).toBe('-0.02');
  });

  it('formats cohort cells like Tables 1–2', () => {
    expect(formatMeanSd({ mean: 50.789, sd: 11.05 })).toBe('50.79 ± 11.05');
    expect(formatMeanSd({ mean: 50, sd: Number.NaN })).toBe('50.00');
    expect(formatMeanSd(undefined)).toBe(MISSING);
    expect(formatCountPercent(23, 52)).toBe('23 (44.2%)');
    expect(formatCountPercent(0, 33)).toBe('0 (0.0%)');
    expect(formatCountPercent(5, 0)).toBe('5');
    expect(formatCountPercent(undefined, 10)).toBe(MISSING);
  });
});
