import { describe, expect, it } from 'vitest';
import type { ClassifierSpec, Hyperparameters, Rows } from '../../src/classifiers/classifier.js';
import { knnSpec } from '../../src/classifiers/knn.js';
import { gridSearch } from '../../src/modelSelection/gridSearch.js';
import { moduloFolds, naiveAuc, syntheticTask } from '../classifiers/helpers.js';

/** Fake classifier whose score depends only on the hyperparameter `direction` and the row. */
function fakeSpec(grid: Hyperparameters[]) {
  const seeds: { direction: number; seed: number }[] = [];
  const spec: ClassifierSpec = {
    kind: 'knn',
    grid,
    fit(_rows, _labels, hyperparameters, seed) {
      const direction = hyperparameters.direction as number;
      seeds.push({ direction, seed });
      return {
        kind: 'knn',
        score: (scored: Rows) =>
          Float64Array.from(scored, (r) => direction * r[0] + (direction === 0 ? r[1] : 0)),
        toJSON: () => ({ kind: 'knn', hyperparameters, state: null }),
      };
    },
    restore: () => {
      throw new Error('not used');
    },
  };
  return { spec, seeds };
}

const n = 30;
const rows = Array.from({ length: n }, (_, i) =>
  Float64Array.from([Math.cos(i * 1.7) + (i % 2) * 0.8, Math.sin(i * 2.3)]),
);
const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
const folds = moduloFolds(n, 5);

const expectedCvAuc = (score: (r: Float64Array) => number) =>
  folds.reduce(
    (sum, fold) =>
      sum +
      naiveAuc(
        fold.test.map((i) => score(rows[i])),
        fold.test.map((i) => labels[i]),
      ),
    0,
  ) / folds.length;

describe('grid search by cross-validated AUC', () => {
  it('reports each grid point’s mean fold AUC and picks the best, ties going to the first', () => {
    const grid = [{ direction: -1 }, { direction: 0 }, { direction: 1 }, { direction: 2 }];
    const { spec } = fakeSpec(grid);
    const result = gridSearch(spec, rows, labels, folds, naiveAuc, 3);
    const expected = [
      expectedCvAuc((r) => -r[0]),
      expectedCvAuc((r) => r[1]),
      expectedCvAuc((r) => r[0]),
      expectedCvAuc((r) => 2 * r[0]),
    ];
    result.tuning.forEach((point, g) => {
      expect(point.hyperparameters).toEqual(grid[g]);
      expect(point.cvAuc).toBeCloseTo(expected[g], 14);
    });
    // direction 1 and 2 rank identically (tie); the earlier one wins.
    expect(expected[2]).toBeGreaterThan(expected[0]);
    expect(expected[2]).toBeGreaterThan(expected[1]);
    expect(result.best).toEqual({ direction: 1 });
    expect(result.cvAuc).toBeCloseTo(expected[2], 14);
  });

  it('gives fold k the same derived seed at every grid point, different seeds across folds', () => {
    const { spec, seeds } = fakeSpec([{ direction: 1 }, { direction: -1 }]);
    gridSearch(spec, rows, labels, folds, naiveAuc, 3);
    const forGridPoint = (d: number) => seeds.filter((s) => s.direction === d).map((s) => s.seed);
    expect(forGridPoint(1)).toEqual(forGridPoint(-1));
    expect(new Set(forGridPoint(1)).size).toBe(folds.length);
  });

  it('fails loudly when a fold’s AUC is undefined (test part with one class)', () => {
    const { spec } = fakeSpec([{ direction: 1 }]);
    const bad = [
      { train: [1, 3, 5], test: [0, 2, 4] },
      { train: [0, 2, 4], test: [1, 3, 5] },
    ];
    expect(() => gridSearch(spec, rows, labels, bad, naiveAuc, 1)).toThrow(/fold 0/);
  });

  it('tunes a real classifier over its whole grid', () => {
    const task = syntheticTask(60, 4, 13);
    const result = gridSearch(knnSpec, task.rows, task.labels, moduloFolds(60, 5), naiveAuc, 1);
    expect(result.tuning).toHaveLength(knnSpec.grid.length);
    expect(result.cvAuc).toBe(Math.max(...result.tuning.map((t) => t.cvAuc)));
    expect(result.cvAuc).toBeGreaterThan(0.6);
  });
});
