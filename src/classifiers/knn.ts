/**
 * k-nearest neighbours (kind 'knn') by exact brute force, Euclidean distance.
 * Score = the (weighted) fraction of the k nearest training points that are positive:
 *  - weights 'uniform': every neighbour counts 1;
 *  - weights 'distance': neighbour counts 1/d; if some neighbours sit at distance 0 only they count
 *    (equally), as in scikit-learn's KNeighborsClassifier(weights='distance').
 * Neighbours at equal distance are ordered by training index (a stable sort), so the k-th-neighbour
 * tie is broken deterministically in favour of the earlier training row.
 * ml-knn is not used: it returns majority labels, not vote fractions, which a ranking needs.
 */
import type {
  ClassifierSpec,
  FittedClassifier,
  Hyperparameters,
  Rows,
  SerializedClassifier,
} from './classifier.js';
import { assertRowWidth, assertTrainable, numberParameter } from './trainingData.js';

export type KnnWeights = 'uniform' | 'distance';

export interface KnnState {
  rows: number[][];
  labels: number[];
}

function parseWeights(value: number | string | undefined): KnnWeights {
  if (value === undefined || value === 'uniform') return 'uniform';
  if (value === 'distance') return 'distance';
  throw new Error(`knn: weights must be 'uniform' or 'distance', got ${String(value)}`);
}

/**
 * Indices of the k nearest training rows to `query`, nearest first, equal distances by index.
 * One pass keeping the k best in order (insertion), which selects exactly what a stable sort of all
 * rows by distance would put first, without sorting them all.
 */
export function nearestNeighbours(
  trainingRows: Rows,
  query: Float64Array,
  k: number,
): { indices: Int32Array; distances: Float64Array } {
  const n = trainingRows.length;
  const count = Math.min(k, n);
  const indices = new Int32Array(count);
  const squared = new Float64Array(count);
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const row = trainingRows[i];
    let sum = 0;
    for (let j = 0; j < query.length; j++) {
      const d = row[j] - query[j];
      sum += d * d;
    }
    // Equal distances keep index order: a later row never passes an equal one.
    let p: number;
    if (filled < count) p = filled++;
    else if (sum < squared[count - 1]) p = count - 1;
    else continue;
    while (p > 0 && squared[p - 1] > sum) {
      squared[p] = squared[p - 1];
      indices[p] = indices[p - 1];
      p--;
    }
    squared[p] = sum;
    indices[p] = i;
  }
  const distances = new Float64Array(count);
  for (let r = 0; r < count; r++) distances[r] = Math.sqrt(squared[r]);
  return { indices, distances };
}

class FittedKnn implements FittedClassifier {
  readonly kind = 'knn' as const;
  private readonly k: number;
  private readonly weights: KnnWeights;

  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly trainingRows: Float64Array[],
    private readonly labels: Uint8Array,
  ) {
    this.k = numberParameter(hyperparameters, 'k', 'knn');
    if (!Number.isInteger(this.k) || this.k < 1)
      throw new Error(`knn: k must be a positive integer, got ${this.k}`);
    this.weights = parseWeights(hyperparameters.weights);
  }

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.trainingRows[0].length, 'knn');
    const scores = new Float64Array(rows.length);
    for (let q = 0; q < rows.length; q++) {
      const { indices, distances } = nearestNeighbours(this.trainingRows, rows[q], this.k);
      scores[q] =
        this.weights === 'uniform' ? this.uniformVote(indices) : this.distanceVote(indices, distances);
    }
    return scores;
  }

  private uniformVote(indices: Int32Array): number {
    let positives = 0;
    for (let r = 0; r < indices.length; r++) positives += this.labels[indices[r]];
    return positives / indices.length;
  }

  private distanceVote(indices: Int32Array, distances: Float64Array): number {
    // Exact matches dominate any positive distance (1/0 = ∞), so they vote alone.
    if (distances[0] === 0) {
      let matches = 0;
      let positives = 0;
      for (let r = 0; r < indices.length && distances[r] === 0; r++) {
        matches++;
        positives += this.labels[indices[r]];
      }
      return positives / matches;
    }
    let total = 0;
    let positive = 0;
    for (let r = 0; r < indices.length; r++) {
      const w = 1 / distances[r];
      total += w;
      if (this.labels[indices[r]] === 1) positive += w;
    }
    return positive / total;
  }

  toJSON(): SerializedClassifier {
    const state: KnnState = {
      rows: this.trainingRows.map((row) => Array.from(row)),
      labels: Array.from(this.labels),
    };
    return { kind: 'knn', hyperparameters: { ...this.hyperparameters }, state };
  }
}

const K_VALUES = [3, 5, 7, 9, 11, 15];
const WEIGHTS: KnnWeights[] = ['uniform', 'distance'];

export const knnSpec: ClassifierSpec = {
  kind: 'knn',
  grid: WEIGHTS.flatMap((weights) => K_VALUES.map((k) => ({ k, weights }))),
  fit(rows, labels, hyperparameters) {
    assertTrainable(rows, labels, 'knn');
    // Copies, so later mutation of the caller's arrays cannot change the fitted model.
    return new FittedKnn(
      hyperparameters,
      rows.map((row) => Float64Array.from(row)),
      Uint8Array.from(labels),
    );
  },
  restore(serialized) {
    if (serialized.kind !== 'knn') throw new Error(`knn: cannot restore kind ${serialized.kind}`);
    const state = serialized.state as KnnState;
    if (
      !Array.isArray(state?.rows) ||
      !Array.isArray(state.labels) ||
      state.rows.length !== state.labels.length ||
      state.rows.length === 0
    ) {
      throw new Error('knn: malformed state');
    }
    return new FittedKnn(
      serialized.hyperparameters,
      state.rows.map((row) => Float64Array.from(row)),
      Uint8Array.from(state.labels),
    );
  },
};
