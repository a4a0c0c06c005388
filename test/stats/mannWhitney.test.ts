import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mannWhitneyColumns, mannWhitneyExactCdf, mannWhitneyU } from '../../src/stats/mannWhitney.js';
import { expectClose } from './closeTo.js';

// scipy.stats.mannwhitneyu reference (test/fixtures/stats/make_mann_whitney_reference.py).
type Expected = { u: number; p: number };
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/mann_whitney_reference.json', import.meta.url), 'utf8'),
) as {
  cases: {
    name: string;
    a: number[];
    b: number[];
    ties: boolean;
    auto: Expected;
    asymptotic: Expected;
    exact?: Expected;
    asymptoticNoContinuity: Expected;
  }[];
  columns: { features: number[][]; labels: number[]; rows: number[]; p: number[] };
  smallColumn: { feature: number[]; labels: number[]; rows: number[]; p: number };
};

describe('mannWhitneyU', () => {
  for (const c of reference.cases) {
    it(`matches scipy.stats.mannwhitneyu (auto, asymptotic${c.exact ? ', exact' : ''}): ${c.name}`, () => {
      const auto = mannWhitneyU(c.a, c.b);
      expect(auto.u).toBe(c.auto.u);
      expectClose(auto.pValue, c.auto.p, 1e-10, 1e-15);
      const smallest = Math.min(c.a.length, c.b.length);
      expect(auto.method).toBe(!c.ties && smallest <= 8 ? 'exact' : 'asymptotic');
      expectClose(mannWhitneyU(c.a, c.b, { method: 'asymptotic' }).pValue, c.asymptotic.p, 1e-10, 1e-15);
      const plain = mannWhitneyU(c.a, c.b, { method: 'asymptotic', continuity: false });
      expectClose(plain.pValue, c.asymptoticNoContinuity.p, 1e-10, 1e-15);
      if (c.exact) expectClose(mannWhitneyU(c.a, c.b, { method: 'exact' }).pValue, c.exact.p, 1e-10, 1e-15);
    });
  }

  it('hand example: complete separation of 4 vs 6 has exact p = 2/C(10, 4) = 2/210', () => {
    const r = mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expectClose(r.pValue, 2 / 210, 1e-14);
    // Only one of the C(10,4) = 210 rank assignments has U = 0, and U <= 1 adds one more.
    expectClose(mannWhitneyExactCdf(0, 4, 6), 1 / 210, 1e-14);
    expectClose(mannWhitneyExactCdf(1, 6, 4), 2 / 210, 1e-14);
    expect(mannWhitneyExactCdf(24, 4, 6)).toBe(1);
  });

  it('all values tied gives p = 1, with and without the continuity correction', () => {
    expect(mannWhitneyU([2, 2, 2, 2, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2, 2, 2, 2, 2])).toMatchObject({
      u: 45,
      pValue: 1,
      method: 'asymptotic',
    });
    expect(mannWhitneyU([2, 2, 2], [2, 2], { continuity: false }).pValue).toBe(1);
  });

  it('rejects an empty group and NaN values, naming them', () => {
    expect(() => mannWhitneyU([], [1, 2])).toThrow(/both groups non-empty, got 0 and 2/);
    expect(() => mannWhitneyU([1, NaN], [1, 2])).toThrow(/a\[1\] is NaN/);
  });
});

describe('mannWhitneyColumns', () => {
  it('matches scipy per feature on the training-row subset (ties, constant column → p = 1)', () => {
    const { features, labels, rows, p } = reference.columns;
    const columns = features.map((f) => Float64Array.from(f));
    const pValues = mannWhitneyColumns(columns, Int32Array.from(rows), Uint8Array.from(labels));
    p.forEach((expected, j) => expectClose(pValues[j], expected, 1e-10, 1e-15));
    expect(pValues[3]).toBe(1);
  });

  it("uses the exact p when the smaller class has <= 8 rows and there are no ties ('auto')", () => {
    const { feature, labels, rows, p } = reference.smallColumn;
    expectClose(mannWhitneyColumns([feature], rows, labels)[0], p, 1e-10, 1e-15);
  });

  it('names the column and patient row of a NaN, and rejects a missing class', () => {
    expect(() =>
      mannWhitneyColumns(
        [
          [1, 2, 3, 4],
          [1, NaN, 3, 4],
        ],
        [0, 1, 2, 3],
        [1, 0, 1, 0],
      ),
    ).toThrow(/feature column 1 is NaN at row 1/);
    expect(() => mannWhitneyColumns([[1, 2, 3]], [0, 1, 2], [0, 0, 0])).toThrow(/got 0 and 3/);
  });
});
