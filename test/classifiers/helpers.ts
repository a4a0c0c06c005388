import { readFileSync } from 'node:fs';
import { createRng } from '../../src/stats/random.js';

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/classifiers/${name}`, import.meta.url), 'utf8')) as T;
}

export const toRows = (rows: number[][]): Float64Array[] => rows.map((row) => Float64Array.from(row));

/** Two noisy Gaussian classes in `width` dimensions; class 1 shifted along the first two axes. */
export function syntheticTask(
  n: number,
  width: number,
  seed: number,
): { rows: Float64Array[]; labels: Uint8Array } {
  const rng = createRng(seed);
  const rows: Float64Array[] = [];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3 === 0 ? 1 : 0;
    const row = new Float64Array(width);
    for (let j = 0; j < width; j++) row[j] = rng.normal() + (labels[i] === 1 && j < 2 ? 1.2 : 0);
    rows.push(row);
  }
  return { rows, labels };
}

/** Naive O(n₊·n₋) AUC: P(score₊ > score₋) + ½ P(tie). Private to the tests, independent of src/stats/auc.ts. */
export function naiveAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** Simple folds: row i is tested in fold i mod k. */
export function moduloFolds(n: number, k: number): { train: number[]; test: number[] }[] {
  return Array.from({ length: k }, (_, fold) => ({
    train: Array.from({ length: n }, (_, i) => i).filter((i) => i % k !== fold),
    test: Array.from({ length: n }, (_, i) => i).filter((i) => i % k === fold),
  }));
}
