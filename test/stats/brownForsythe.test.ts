import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brownForsytheColumns, brownForsytheTest } from '../../src/stats/brownForsythe.js';
import { welchTTest } from '../../src/stats/tTest.js';
import { expectClose } from './closeTo.js';

// scipy.stats.levene(center='median') reference (test/fixtures/stats/make_brown_forsythe_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/brown_forsythe_reference.json', import.meta.url), 'utf8'),
) as {
  pairs: { name: string; a: number[]; b: number[]; p: number }[];
  columns: { features: number[][]; labels: number[]; rows: number[]; p: number[] };
};

describe('brownForsytheTest', () => {
  for (const c of reference.pairs) {
    it(`matches scipy.stats.levene(center='median'): ${c.name}`, () => {
      expectClose(brownForsytheTest(c.a, c.b), c.p, 1e-9);
    });
  }

  it('finds a spread difference that the Welch t-test of location does not', () => {
    const wide = reference.pairs.find((c) => c.name === 'wider_spread_same_mean')!;
    expect(brownForsytheTest(wide.a, wide.b)).toBeLessThan(0.01);
    expect(welchTTest(wide.a, wide.b).pValue).toBeGreaterThan(0.05);
  });
});

describe('brownForsytheColumns', () => {
  it('matches scipy per feature on the given rows only', () => {
    const { features, labels, rows, p } = reference.columns;
    const columns = features.map((f) => Float64Array.from(f));
    const got = brownForsytheColumns(columns, Int32Array.from(rows), Uint8Array.from(labels));
    p.forEach((expected, j) => expectClose(got[j], expected, 1e-9));
    // A row outside `rows` changed to an outlier leaves every p-value as it was.
    const outside = labels.findIndex((_, i) => !rows.includes(i));
    const changed = columns.map((c) => Float64Array.from(c, (v, i) => (i === outside ? 1e6 : v)));
    expect(brownForsytheColumns(changed, Int32Array.from(rows), Uint8Array.from(labels))).toEqual(got);
  });
});
