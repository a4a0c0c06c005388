import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitPca, fitPcaColumns, transformPca, transformPcaColumns } from '../../src/featureSelection/pca.js';
import { expectClose } from '../stats/closeTo.js';

// sklearn.decomposition.PCA, re-signed by the largest-|loading| rule
// (test/fixtures/featureSelection/make_pca_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/featureSelection/pca_reference.json', import.meta.url), 'utf8'),
) as {
  cases: {
    name: string;
    train: number[][];
    other: number[][];
    nComponents: number;
    mean: number[];
    components: number[][];
    sklearnRawComponents: number[][];
    explainedVariance: number[];
    explainedVarianceRatio: number[];
    otherScores: number[][];
  }[];
};

describe('fitPca / transformPca', () => {
  for (const c of reference.cases) {
    it(`matches sklearn PCA (components 1e−8, variances 1e−10): ${c.name}`, () => {
      const state = fitPca(c.train, c.nComponents);
      c.mean.forEach((m, j) => expectClose(state.mean[j], m, 1e-12, 1e-14));
      c.components.forEach((axis, k) =>
        axis.forEach((x, j) => expectClose(state.components[k][j], x, 0, 1e-8)),
      );
      c.explainedVariance.forEach((v, k) => expectClose(state.explainedVariance[k], v, 1e-10));
      c.explainedVarianceRatio.forEach((r, k) => expectClose(state.explainedVarianceRatio[k], r, 1e-10));
      const scores = transformPca(state, c.other);
      c.otherScores.forEach((row, i) => row.forEach((s, k) => expectClose(scores[i][k], s, 1e-8, 1e-8)));
    });
  }

  it('signs: the largest-magnitude loading of every component is positive; sklearn 1.2 differs only in sign', () => {
    for (const c of reference.cases) {
      const state = fitPca(c.train, c.nComponents);
      state.components.forEach((axis, k) => {
        const largest = axis.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
        expect(largest).toBeGreaterThan(0);
        axis.forEach((x, j) => expectClose(Math.abs(x), Math.abs(c.sklearnRawComponents[k][j]), 0, 1e-8));
      });
    }
  });

  it('a prefix of components gives the prefix of the scores, and the state is plain JSON', () => {
    const c = reference.cases[0];
    const state = fitPca(c.train, c.nComponents);
    const all = transformPca(state, c.other);
    const two = transformPca(state, c.other, 2);
    two.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(all[i].slice(0, 2))));
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('column-major forms use only the training rows and return one score column per component', () => {
    const c = reference.cases[0];
    const data = [...c.other, ...c.train]; // patients 0..6 are not training rows
    const columns = c.mean.map((_, j) => Float64Array.from(data, (row) => row[j]));
    const trainRows = c.train.map((_, i) => c.other.length + i);
    const state = fitPcaColumns(columns, trainRows, c.nComponents);
    const rowState = fitPca(c.train, c.nComponents);
    expect(state.components).toEqual(rowState.components);
    const scoreColumns = transformPcaColumns(state, columns, [0, 1, 2], 3);
    expect(scoreColumns).toHaveLength(3);
    scoreColumns.forEach((column, k) =>
      column.forEach((s, m) => expectClose(s, c.otherScores[m][k], 1e-8, 1e-8)),
    );
  });

  it('rejects too few rows, a ragged row, a NaN (naming row and column), a bad count and constant data', () => {
    expect(() => fitPca([[1, 2]], 1)).toThrow(/at least 2 rows, got 1/);
    expect(() => fitPca([[1, 2], [3]], 1)).toThrow(/row 1 has 1 values, row 0 has 2/);
    expect(() =>
      fitPca(
        [
          [1, 2],
          [3, NaN],
        ],
        1,
      ),
    ).toThrow(/NaN at row 1, column 1/);
    expect(() =>
      fitPca(
        [
          [1, 2],
          [3, 4],
        ],
        3,
      ),
    ).toThrow(/nComponents must be an integer in 1..2/);
    expect(() =>
      fitPca(
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        1,
      ),
    ).toThrow(/every column is constant/);
    const state = fitPca(reference.cases[0].train, 2);
    expect(() => transformPca(state, [[1, 2]])).toThrow(/fitted on 6 columns but rows have 2/);
    expect(() => transformPca(state, reference.cases[0].other, 3)).toThrow(
      /count must be an integer in 0..2/,
    );
  });
});
