import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equalFrequencyBins, equalFrequencyBinsColumns } from '../../src/featureSelection/discretize.js';

// Independent implementation with scipy.stats.rankdata(method="min")
// (test/fixtures/stats/make_mutual_information_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/mutual_information_reference.json', import.meta.url), 'utf8'),
) as { binning: { name: string; values: number[]; rows: number[] | null; bins: number; codes: number[] }[] };

describe('equalFrequencyBins', () => {
  for (const c of reference.binning) {
    it(`matches the rank-based reference: ${c.name}`, () => {
      expect(Array.from(equalFrequencyBins(c.values, c.rows, c.bins))).toEqual(c.codes);
    });
  }

  it('hand example: 10 distinct values into 5 bins of 2, in value order', () => {
    const values = [5, 1, 9, 3, 7, 2, 8, 4, 10, 6];
    expect(Array.from(equalFrequencyBins(values, null, 5))).toEqual([2, 0, 4, 1, 3, 0, 3, 1, 4, 2]);
  });

  it('never splits ties: equal values share the bin of their first sorted position', () => {
    // Sorted: 1 1 1 1 2 2 3 4 → first positions 0, 4, 6, 7 → floor(pos·4/8) = 0, 2, 3, 3.
    const values = [2, 1, 4, 1, 3, 1, 2, 1];
    expect(Array.from(equalFrequencyBins(values, null, 4))).toEqual([2, 0, 3, 0, 3, 0, 2, 0]);
  });

  it('bins only the given rows, returning codes aligned with rows', () => {
    const values = [100, 1, -50, 2, 3, 4];
    expect(Array.from(equalFrequencyBins(values, [1, 3, 4, 5], 2))).toEqual([0, 0, 1, 1]);
  });

  it('gives 0 for a constant feature and handles n = 2', () => {
    expect(Array.from(equalFrequencyBins([7, 7, 7], null, 10))).toEqual([0, 0, 0]);
    expect(Array.from(equalFrequencyBins([2, 1], null, 10))).toEqual([5, 0]);
  });

  it('rejects NaN and invalid bin counts', () => {
    expect(() => equalFrequencyBins([1, NaN], null, 2)).toThrow(/NaN at row 1/);
    expect(() => equalFrequencyBins([1, 2], null, 0)).toThrow(/bins/);
  });

  it('bins every column on the same rows', () => {
    const features = [Float64Array.of(1, 2, 3, 4), Float64Array.of(4, 3, 2, 1)];
    expect(equalFrequencyBinsColumns(features, [0, 1, 2, 3], 2).map((c) => Array.from(c))).toEqual([
      [0, 0, 1, 1],
      [1, 1, 0, 0],
    ]);
  });
});
