import { describe, expect, it } from 'vitest';
import { knnSpec, nearestNeighbours } from '../../src/classifiers/knn.js';
import { createRng } from '../../src/stats/random.js';
import { toRows } from './helpers.js';

// 1-D training points (as 2-D rows with a zero second column) and labels, chosen to create distance ties.
const train = toRows([
  [0, 0],
  [1, 0],
  [-1, 0],
  [2, 0],
  [-2, 0],
  [3, 0],
]);
const labels = Uint8Array.from([1, 0, 1, 1, 0, 0]);
const query = toRows([[0, 0]]);

describe('k-nearest neighbours', () => {
  it('k = 1 at a training point returns that point’s label', () => {
    const model = knnSpec.fit(train, labels, { k: 1, weights: 'uniform' }, 1);
    expect(Array.from(model.score(train))).toEqual([1, 0, 1, 1, 0, 0]);
  });

  it('uniform vote fractions, with equal-distance ties broken by training index', () => {
    // Distances from 0: idx0 → 0, idx1 → 1, idx2 → 1, idx3 → 2, idx4 → 2, idx5 → 3.
    const vote = (k: number) => knnSpec.fit(train, labels, { k, weights: 'uniform' }, 1).score(query)[0];
    expect(vote(1)).toBe(1); // {0}
    expect(vote(2)).toBe(1 / 2); // {0, 1}: of the tied 1 and 2, index 1 (label 0) comes first
    expect(vote(3)).toBe(2 / 3); // {0, 1, 2}
    expect(vote(4)).toBe(3 / 4); // {0, 1, 2, 3}: of the tied 3 and 4, index 3 (label 1) first
    expect(vote(5)).toBe(3 / 5);
    expect(vote(6)).toBe(3 / 6);
  });

  it('caps k at the number of training rows', () => {
    expect(knnSpec.fit(train, labels, { k: 50, weights: 'uniform' }, 1).score(query)[0]).toBe(3 / 6);
  });

  it('distance weights: 1/d votes, and exact matches vote alone', () => {
    const q = toRows([[0.5, 0]]);
    // k = 3 from 0.5: idx0 (d .5, +), idx1 (d .5, −), idx2 (d 1.5, +).
    const expected = (1 / 0.5 + 1 / 1.5) / (1 / 0.5 + 1 / 0.5 + 1 / 1.5);
    expect(knnSpec.fit(train, labels, { k: 3, weights: 'distance' }, 1).score(q)[0]).toBeCloseTo(
      expected,
      15,
    );
    // At a training point the zero-distance neighbour decides.
    expect(knnSpec.fit(train, labels, { k: 5, weights: 'distance' }, 1).score(toRows([[1, 0]]))[0]).toBe(0);
  });

  it('uses Euclidean distance over all columns', () => {
    const points = toRows([
      [0, 3],
      [2.9, 0],
      [0, -3.1],
    ]);
    const model = knnSpec.fit(points, Uint8Array.from([1, 0, 0]), { k: 1, weights: 'uniform' }, 1);
    // (1, 1) is √5 from (0,3), √(3.61+1) ≈ 2.147 from (2.9,0): nearest is index 1.
    expect(model.score(toRows([[1, 1]]))[0]).toBe(0);
    expect(model.score(toRows([[0, 2]]))[0]).toBe(1);
  });

  it('restores from JSON to identical scores and is unaffected by later mutation of the inputs', () => {
    const rows = train.map((r) => Float64Array.from(r));
    const model = knnSpec.fit(rows, labels, { k: 3, weights: 'distance' }, 1);
    const before = Array.from(
      model.score(
        toRows([
          [0.3, 0.1],
          [2.5, -1],
        ]),
      ),
    );
    rows[0][0] = 100;
    const restored = knnSpec.restore(JSON.parse(JSON.stringify(model.toJSON())));
    expect(
      Array.from(
        model.score(
          toRows([
            [0.3, 0.1],
            [2.5, -1],
          ]),
        ),
      ),
    ).toEqual(before);
    expect(
      Array.from(
        restored.score(
          toRows([
            [0.3, 0.1],
            [2.5, -1],
          ]),
        ),
      ),
    ).toEqual(before);
  });

  it('selects the k nearest exactly as a stable sort of every row by distance would (many ties)', () => {
    const rng = createRng(5);
    // points on a small integer grid: many equal distances
    const grid = () => toRows(Array.from({ length: 120 }, () => [rng.int(5), rng.int(5), rng.int(3)]));
    const points = grid();
    for (const q of grid().slice(0, 30)) {
      const squared = points.map((p) => p.reduce((s, v, j) => s + (v - q[j]) ** 2, 0));
      const order = points.map((_, i) => i).sort((a, b) => squared[a] - squared[b] || a - b);
      for (const k of [1, 3, 7, 15, 120, 200]) {
        const { indices, distances } = nearestNeighbours(points, q, k);
        const expected = order.slice(0, k);
        expect(Array.from(indices)).toEqual(expected);
        expect(Array.from(distances)).toEqual(expected.map((i) => Math.sqrt(squared[i])));
      }
    }
  });

  it('rejects an unknown weighting', () => {
    expect(() => knnSpec.fit(train, labels, { k: 3, weights: 'gaussian' }, 1)).toThrow(/weights/);
  });
});
