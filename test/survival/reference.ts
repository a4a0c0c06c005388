import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** R reference values (test/fixtures/survival/make_survival_reference.R). */
export interface RDataset {
  time: number[];
  event: number[];
  group: number[];
  strata: (number | string)[];
  covariates: number[][];
  km: Record<string, number[] | number | null>;
  kmByGroup: Record<string, number[] | number | null>[];
  logRank: { chisq: number; df: number; p: number; observed: number[]; expected: number[] };
  logRankStratified: { chisq: number; df: number; p: number; observed: number[]; expected: number[] };
  cox: Record<string, number[] | number>;
}

export const survivalReference = JSON.parse(
  readFileSync(new URL('../fixtures/survival/survival_reference.json', import.meta.url), 'utf8'),
) as Record<'lung' | 'ovarian' | 'synthetic', RDataset> & {
  spearman: { x: number[]; y: number[]; rho: number; p: number; ties: boolean }[];
};

export const DATASETS = ['lung', 'ovarian', 'synthetic'] as const;

/** Element-wise |actual − expected| ≤ tolerance, with null (R's NA) required to match exactly. */
export function expectAllClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  tolerance = 1e-6,
) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i];
    if (want === null || value === null) {
      expect([i, value]).toEqual([i, want]);
      return;
    }
    if (!(Math.abs(value - want) <= tolerance))
      throw new Error(`[${i}]: ${value} differs from ${want} by more than ${tolerance}`);
  });
}
