import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareTest } from '../../src/stats/chiSquareTest.js';
import { expectClose } from './closeTo.js';

// scipy.stats.chi2_contingency reference (test/fixtures/stats/make_chi_square_reference.py).
type Expected = { statistic: number; df: number; p: number };
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/chi_square_reference.json', import.meta.url), 'utf8'),
) as {
  tests: {
    name: string;
    table: number[][];
    corrected: Expected;
    uncorrected: Expected;
    expected: number[][];
  }[];
};

describe('chiSquareTest', () => {
  for (const c of reference.tests) {
    it(`matches scipy.stats.chi2_contingency (default and correction=False): ${c.name}`, () => {
      const byDefault = chiSquareTest(c.table);
      expect(byDefault.df).toBe(c.corrected.df);
      expectClose(byDefault.statistic, c.corrected.statistic, 1e-12, 1e-14);
      expectClose(byDefault.pValue, c.corrected.p, 1e-11, 1e-15);
      expect(byDefault.yatesCorrected).toBe(c.corrected.df === 1);
      c.expected.forEach((row, i) => row.forEach((e, j) => expectClose(byDefault.expected[i][j], e, 1e-14)));
      const plain = chiSquareTest(c.table, { yates: false });
      expectClose(plain.statistic, c.uncorrected.statistic, 1e-12, 1e-14);
      expectClose(plain.pValue, c.uncorrected.p, 1e-11, 1e-15);
      expect(plain.yatesCorrected).toBe(false);
    });
  }

  it('hand example: [[10, 0], [0, 10]] uncorrected gives statistic n = 20, df 1', () => {
    // Every expected count is 5 and every |O − E| is 5: 4 · 25/5 = 20; Yates: 4 · 4.5²/5 = 16.2.
    expectClose(
      chiSquareTest(
        [
          [10, 0],
          [0, 10],
        ],
        { yates: false },
      ).statistic,
      20,
      1e-14,
    );
    expectClose(
      chiSquareTest([
        [10, 0],
        [0, 10],
      ]).statistic,
      16.2,
      1e-14,
    );
  });

  it('a single row or column has df 0: statistic 0, p = 1', () => {
    expect(chiSquareTest([[3, 4, 5]])).toMatchObject({ statistic: 0, df: 0, pValue: 1 });
  });

  it('rejects a zero margin, a negative or fractional-NaN count, and a ragged table, naming the place', () => {
    expect(() =>
      chiSquareTest([
        [3, 0],
        [4, 0],
      ]),
    ).toThrow(/column 1 has total 0/);
    expect(() =>
      chiSquareTest([
        [0, 0],
        [4, 2],
      ]),
    ).toThrow(/row 0 has total 0/);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [4, 2],
      ]),
    ).toThrow(/cell \[0\]\[1\] is -2/);
    expect(() =>
      chiSquareTest([
        [1, NaN],
        [4, 2],
      ]),
    ).toThrow(/cell \[0\]\[1\] is NaN/);
    expect(() => chiSquareTest([[1, 2], [4]])).toThrow(/row 1 has 1 cells, row 0 has 2/);
    expect(() => chiSquareTest([])).toThrow(/empty/);
  });
});
