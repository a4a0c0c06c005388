import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  categoricalAssociation,
  categoricalAssociationColumns,
} from '../../src/featureSelection/categoricalAssociation.js';
import { expectClose } from '../stats/closeTo.js';

// scipy chi2_contingency / fisher_exact / brute-force Fisher
// (test/fixtures/featureSelection/make_categorical_association_reference.py).
const reference = JSON.parse(
  readFileSync(
    new URL('../fixtures/featureSelection/categorical_association_reference.json', import.meta.url),
    'utf8',
  ),
) as {
  labels: number[];
  rows: number[];
  columns: {
    name: string;
    values: string[];
    levels: string[];
    counts: [number, number][];
    test: 'chi-square' | 'fisher';
    statistic: number | null;
    p: number;
  }[];
};

describe('categoricalAssociation', () => {
  const { labels, rows } = reference;
  for (const c of reference.columns) {
    it(`picks ${c.test} by the expected-count rule and matches scipy: ${c.name}`, () => {
      const result = categoricalAssociation(c.values, rows, labels);
      expect(result.test).toBe(c.test);
      expect(result.levels).toEqual(c.levels);
      expect(result.counts).toEqual(c.counts);
      expectClose(result.pValue, c.p, 1e-10, 1e-15);
      if (c.statistic === null) expect(result.statistic).toBeUndefined();
      else expectClose(result.statistic!, c.statistic, 1e-12);
    });
  }

  it('the column form gives the same p-values, in column order', () => {
    const pValues = categoricalAssociationColumns(
      reference.columns.map((c) => c.values),
      Int32Array.from(rows),
      Uint8Array.from(labels),
    );
    reference.columns.forEach((c, j) => expectClose(pValues[j], c.p, 1e-10, 1e-15));
  });

  it('minExpected moves the switch: 0 forces chi-square, a huge value forces Fisher', () => {
    const rare = reference.columns.find((c) => c.test === 'fisher')!;
    expect(categoricalAssociation(rare.values, rows, labels, { minExpected: 0 }).test).toBe('chi-square');
    const common = reference.columns.find((c) => c.test === 'chi-square')!;
    expect(categoricalAssociation(common.values, rows, labels, { minExpected: 1e9 }).test).toBe('fisher');
  });

  it('a level seen only outside the rows is ignored; a single observed level is constant, p = 1', () => {
    const values = ['a', 'b', 'a', 'b', 'zzz'];
    const result = categoricalAssociation(values, [0, 1, 2, 3], [1, 0, 0, 1, 1]);
    expect(result.levels).toEqual(['a', 'b']);
    expect(categoricalAssociation(['x', 'x', 'x', 'y'], [0, 1, 2], [1, 0, 1])).toEqual({
      test: 'constant',
      pValue: 1,
      levels: ['x'],
      counts: [[1, 2]],
    });
  });

  it('rejects a missing level (naming the row) and rows of a single class', () => {
    expect(() => categoricalAssociation(['a', null, 'b'], [0, 1, 2], [1, 0, 1])).toThrow(
      /categorical value at row 1 is missing/,
    );
    expect(() => categoricalAssociation(['a', 'b'], [0, 1], [1, 1])).toThrow(
      /both classes.*0 negative and 2 positive/,
    );
    expect(() =>
      categoricalAssociationColumns(
        [
          ['a', 'b'],
          ['a', NaN],
        ],
        [0, 1],
        [1, 0],
      ),
    ).toThrow(/categorical column 1: categorical value at row 1 is missing/);
  });
});
