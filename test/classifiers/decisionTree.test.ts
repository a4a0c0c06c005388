import { describe, expect, it } from 'vitest';
import { growTree, treePositiveFraction, type TreeOptions } from '../../src/classifiers/decisionTree.js';
import { createRng } from '../../src/stats/random.js';
import { toRows } from './helpers.js';

const x = toRows([[1], [2], [3], [4], [5], [6]]);
const y = Uint8Array.from([0, 0, 1, 0, 1, 1]);
const ones = new Float64Array(6).fill(1);
const grow = (weights: Float64Array, options: Partial<TreeOptions> = {}, rows = x, labels = y, seed = 1) =>
  growTree(
    rows,
    labels,
    weights,
    { maxFeatures: rows[0].length, maxDepth: 100, minSamplesLeaf: 1, ...options },
    createRng(seed),
  );
const at = (tree: ReturnType<typeof grow>, v: number) => treePositiveFraction(tree, Float64Array.from([v]));

describe('CART tree (Gini)', () => {
  it('grows the hand-worked tree, taking the first of two equally good root splits', () => {
    // Root: thresholds 2.5 and 4.5 both leave Gini mass 1.5 (others 2.4, 2.67, 2.4) → 2.5 comes first.
    // Right node {3,4,5,6} labels 1,0,1,1: 4.5 (mass 1) beats 3.5 and 5.5 (1.33); then {3,4} splits at 3.5.
    const tree = grow(ones);
    expect(Array.from(tree.feature)).toEqual([0, -1, 0, 0, -1, -1, -1]);
    expect(Array.from(tree.threshold).filter((_, i) => tree.feature[i] >= 0)).toEqual([2.5, 4.5, 3.5]);
    expect(Array.from(tree.value)).toEqual([0.5, 0, 0.75, 0.5, 1, 0, 1]);
    expect([at(tree, 2.5), at(tree, 3.5), at(tree, 3.51), at(tree, 4.6), at(tree, -9)]).toEqual([
      0, 1, 0, 1, 0,
    ]);
  });

  it('stops at maxDepth with the leaf’s positive fraction as its value', () => {
    const tree = grow(ones, { maxDepth: 1 });
    expect(tree.feature.length).toBe(3);
    expect(at(tree, 5)).toBe(0.75);
  });

  it('keeps at least minSamplesLeaf rows on each side', () => {
    // With 2 per leaf: root 2.5; right {3..6} can only split at 4.5; {3,4} is too small to split.
    const tree = grow(ones, { minSamplesLeaf: 2 });
    expect(Array.from(tree.threshold).filter((_, i) => tree.feature[i] >= 0)).toEqual([2.5, 4.5]);
    expect([at(tree, 3), at(tree, 6)]).toEqual([0.5, 1]);
  });

  it('uses the weights as row multiplicities, and ignores rows of weight 0', () => {
    // Row x=3 (positive) counted 3 times: root 2.5 mass 5/3 beats 3.5 (3.73) and 4.5 (3).
    const weighted = grow(Float64Array.from([1, 1, 3, 1, 1, 1]), { maxDepth: 1 });
    expect(weighted.threshold[0]).toBe(2.5);
    expect(weighted.value[0]).toBeCloseTo(5 / 8, 15);
    expect(at(weighted, 6)).toBeCloseTo(5 / 6, 15);
    // Without x=3 the data 1,2,4 | 5,6 separate perfectly at 4.5 in one split.
    const dropped = grow(Float64Array.from([1, 1, 0, 1, 1, 1]));
    expect(Array.from(dropped.feature)).toEqual([0, -1, -1]);
    expect(dropped.threshold[0]).toBe(4.5);
  });

  it('does not count constant features towards maxFeatures (a valid split is always found)', () => {
    const rows = toRows([
      [7, 1],
      [7, 2],
      [7, 3],
      [7, 4],
    ]);
    const labels = Uint8Array.from([0, 0, 1, 1]);
    for (let seed = 1; seed <= 20; seed++) {
      const tree = grow(new Float64Array(4).fill(1), { maxFeatures: 1 }, rows, labels, seed);
      expect(tree.feature[0]).toBe(1);
      expect(tree.threshold[0]).toBe(2.5);
    }
  });

  it('examines a random subset of maxFeatures features at each split', () => {
    // Both features separate perfectly; with one feature per split the root feature depends on the draw.
    const rows = toRows([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const labels = Uint8Array.from([0, 0, 1, 1]);
    const roots = new Set<number>();
    for (let seed = 1; seed <= 20; seed++)
      roots.add(grow(new Float64Array(4).fill(1), { maxFeatures: 1 }, rows, labels, seed).feature[0]);
    expect(roots).toEqual(new Set([0, 1]));
  });
});
