import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fisherExactTest } from '../../src/stats/fisherExact.js';
import { expectClose } from './closeTo.js';

// scipy.stats.fisher_exact (2×2) and a brute-force multivariate-hypergeometric enumeration (2×c),
// test/fixtures/stats/make_fisher_exact_reference.py.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/fisher_exact_reference.json', import.meta.url), 'utf8'),
) as {
  twoByTwo: { name: string; table: number[][]; p: number; oddsRatio: number | 'Infinity' }[];
  twoByC: { name: string; table: number[][]; p: number }[];
};

const transpose = (table: number[][]): number[][] => table[0].map((_, j) => table.map((row) => row[j]));

describe('fisherExactTest', () => {
  for (const c of reference.twoByTwo) {
    it(`2×2 matches scipy.stats.fisher_exact: ${c.name}`, () => {
      const result = fisherExactTest(c.table);
      expectClose(result.pValue, c.p, 1e-10, 1e-15);
      expect(result.oddsRatio).toBeCloseTo(c.oddsRatio === 'Infinity' ? Infinity : c.oddsRatio, 12);
    });
  }

  for (const c of reference.twoByC) {
    it(`2×c matches brute-force enumeration, also transposed: ${c.name}`, () => {
      const result = fisherExactTest(c.table);
      expectClose(result.pValue, c.p, 1e-10, 1e-15);
      expect(result.oddsRatio).toBeNull();
      expectClose(fisherExactTest(transpose(c.table)).pValue, c.p, 1e-10, 1e-15);
    });
  }

  it('hand example: the lady tasting tea, [[4, 0], [0, 4]], p = 2/70', () => {
    // Only the two extreme tables have probability 1/70 each; every other table is more probable.
    expectClose(
      fisherExactTest([
        [4, 0],
        [0, 4],
      ]).pValue,
      2 / 70,
      1e-13,
    );
  });

  it('drops empty columns: a zero column gives the same p as the table without it', () => {
    const withEmpty = fisherExactTest([
      [2, 0, 5, 1],
      [6, 0, 1, 4],
    ]).pValue;
    expectClose(withEmpty, reference.twoByC[0].p, 1e-10);
  });

  it('a zero row total or a single non-empty column gives p = 1 (only one table is possible)', () => {
    expect(
      fisherExactTest([
        [0, 0, 0],
        [3, 4, 5],
      ]).pValue,
    ).toBe(1);
    expect(
      fisherExactTest([
        [3, 0],
        [5, 0],
      ]),
    ).toEqual({ pValue: 1, oddsRatio: NaN });
  });

  it('rejects tables with no side of 2, fractional or negative counts', () => {
    expect(() =>
      fisherExactTest([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    ).toThrow(/2×c or r×2 table, got 3×3/);
    expect(() =>
      fisherExactTest([
        [1.5, 2],
        [4, 5],
      ]),
    ).toThrow(/cell \[0\]\[0\] is 1.5; Fisher's test needs whole counts/);
    expect(() =>
      fisherExactTest([
        [1, -2],
        [4, 5],
      ]),
    ).toThrow(/cell \[0\]\[1\] is -2/);
  });
});
