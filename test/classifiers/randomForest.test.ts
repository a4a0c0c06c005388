import { describe, expect, it } from 'vitest';
import {
  featuresPerSplit,
  randomForestSpec,
  type RandomForestState,
} from '../../src/classifiers/randomForest.js';
import { createRng, deriveSeed } from '../../src/stats/random.js';
import { syntheticTask } from './helpers.js';

const { rows, labels } = syntheticTask(90, 6, 21);
const test = syntheticTask(60, 6, 22);
const hyperparameters = { nEstimators: 30, maxFeatures: 'sqrt', maxDepth: 4, minSamplesLeaf: 2 };
const stateOf = (seed: number, hp: Record<string, number | string> = hyperparameters) =>
  randomForestSpec.fit(rows, labels, hp, seed).toJSON().state as RandomForestState;

/** Depth of the subtree at `node`, walking the flat arrays independently. */
function depth(tree: RandomForestState['trees'][number], node = 0): number {
  return tree.feature[node] < 0
    ? 0
    : 1 + Math.max(depth(tree, tree.left[node]), depth(tree, tree.right[node]));
}

describe('random forest', () => {
  it('follows scikit-learn’s max_features rule: ⌊√p⌋ or ⌊f·p⌋, at least 1', () => {
    expect(featuresPerSplit(12, 'sqrt')).toBe(3);
    expect(featuresPerSplit(15, 'sqrt')).toBe(3);
    expect(featuresPerSplit(12, 0.5)).toBe(6);
    expect(featuresPerSplit(3, 0.2)).toBe(1);
    expect(() => featuresPerSplit(12, 'log2')).toThrow(/maxFeatures/);
  });

  it('grows tree t on the bootstrap drawn by createRng(deriveSeed(seed, "tree", t))', () => {
    const state = stateOf(7);
    for (const t of [0, 5]) {
      const rng = createRng(deriveSeed(7, 'tree', t));
      const counts = new Array<number>(rows.length).fill(0);
      for (let d = 0; d < rows.length; d++) counts[rng.int(rows.length)]++;
      const positives = counts.reduce((s, c, i) => s + c * labels[i], 0);
      // The root's value is the bootstrap-weighted positive fraction.
      expect(state.trees[t].value[0]).toBeCloseTo(positives / rows.length, 14);
    }
  });

  it('scores the mean over trees of the leaf’s positive fraction', () => {
    const model = randomForestSpec.fit(rows, labels, hyperparameters, 3);
    const state = model.toJSON().state as RandomForestState;
    const scores = model.score(test.rows);
    test.rows.forEach((row, i) => {
      let sum = 0;
      for (const tree of state.trees) {
        let node = 0;
        while (tree.feature[node] >= 0)
          node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
        sum += tree.value[node];
      }
      expect(scores[i]).toBeCloseTo(sum / state.trees.length, 14);
    });
  });

  it('respects maxDepth in every tree (minSamplesLeaf is checked in decisionTree.test.ts)', () => {
    const state = stateOf(3);
    expect(state.trees).toHaveLength(30);
    for (const tree of state.trees) expect(depth(tree)).toBeLessThanOrEqual(4);
  });

  it('is reproducible: same seed → identical model; different seed → different model', () => {
    expect(stateOf(7)).toEqual(stateOf(7));
    expect(stateOf(8)).not.toEqual(stateOf(7));
  });

  it('restores from JSON to identical scores', () => {
    const model = randomForestSpec.fit(rows, labels, hyperparameters, 11);
    const restored = randomForestSpec.restore(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.score(test.rows))).toEqual(Array.from(model.score(test.rows)));
  });

  it('separates the synthetic classes on held-out rows', () => {
    const scores = randomForestSpec.fit(rows, labels, hyperparameters, 1).score(test.rows);
    const mean = (cls: number) => {
      const picked = Array.from(scores).filter((_, i) => test.labels[i] === cls);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.15);
  });

  it('scores bitwise identically to walking each stored tree as nested objects', () => {
    /** The serialized forest rebuilt as nested node objects, walked the obvious way: independent of the packed arrays. */
    type Node = { leaf: number } | { feature: number; threshold: number; left: Node; right: Node };
    const nested = (tree: RandomForestState['trees'][number], i = 0): Node =>
      tree.feature[i] < 0
        ? { leaf: tree.value[i] }
        : {
            feature: tree.feature[i],
            threshold: tree.threshold[i],
            left: nested(tree, tree.left[i]),
            right: nested(tree, tree.right[i]),
          };
    const walk = (node: Node, row: Float64Array): number => {
      while (!('leaf' in node)) node = row[node.feature] <= node.threshold ? node.left : node.right;
      return node.leaf;
    };
    for (const [seed, hp] of [
      [3, hyperparameters],
      [5, { nEstimators: 40, maxFeatures: 0.5, maxDepth: 12, minSamplesLeaf: 1 }],
    ] as const) {
      const model = randomForestSpec.fit(rows, labels, hp, seed);
      const state = model.toJSON().state as RandomForestState;
      const forest = state.trees.map((tree) => nested(tree));
      // held-out rows, training rows, and rows sitting exactly on split thresholds (ties go left)
      const onThresholds = state.trees.slice(0, 10).map((tree) => {
        const row = Float64Array.from(test.rows[0]);
        row[tree.feature[0]] = tree.threshold[0];
        return row;
      });
      const all = [...test.rows, ...rows, ...onThresholds];
      const restored = randomForestSpec.restore(JSON.parse(JSON.stringify(model.toJSON())));
      for (const scorer of [model, restored]) {
        const batch = scorer.score(all);
        all.forEach((row, i) => {
          let sum = 0;
          for (const tree of forest) sum += walk(tree, row);
          const expected = sum / forest.length;
          expect(Object.is(batch[i], expected)).toBe(true);
          expect(Object.is(scorer.score([row])[0], expected)).toBe(true);
        });
      }
    }
  });

  it('scores a stored tree whose nodes are not in pre-order the same as its pre-order twin', () => {
    // root splits feature 0 at 0; its right child (a leaf 0.25) is stored before its left subtree
    const preOrder = {
      feature: [0, 1, -1, -1, -1],
      threshold: [0, 0.5, 0, 0, 0],
      left: [1, 2, -1, -1, -1],
      right: [4, 3, -1, -1, -1],
      value: [0.5, 0.6, 1, 0, 0.25],
    };
    const shuffled = {
      feature: [0, -1, 1, -1, -1],
      threshold: [0, 0, 0.5, 0, 0],
      left: [2, -1, 3, -1, -1],
      right: [1, -1, 4, -1, -1],
      value: [0.5, 0.25, 0.6, 1, 0],
    };
    const restore = (tree: typeof preOrder) =>
      randomForestSpec.restore({ kind: 'rf', hyperparameters, state: { width: 2, trees: [tree, preOrder] } });
    const probe = [
      [-1, 0],
      [-1, 0.5],
      [-1, 0.7],
      [0, 1],
      [0.1, -3],
      [3, 3],
    ].map((r) => Float64Array.from(r));
    expect(Array.from(restore(shuffled).score(probe))).toEqual([1, 1, 0, 0, 0.25, 0.25]);
    expect(Array.from(restore(shuffled).score(probe))).toEqual(Array.from(restore(preOrder).score(probe)));
  });

  it('rejects a malformed stored tree', () => {
    const state = stateOf(1);
    state.trees[0].right[0] = 0; // a child pointing back at its parent would loop forever
    expect(() => randomForestSpec.restore({ kind: 'rf', hyperparameters, state })).toThrow(/malformed/);
  });

  it('rejects a stored tree in which a node has two parents', () => {
    const tree = {
      feature: [0, 1, -1],
      threshold: [0, 0, 0],
      left: [1, 2, -1],
      right: [2, 2, -1],
      value: [0.5, 0.5, 1],
    };
    expect(() =>
      randomForestSpec.restore({ kind: 'rf', hyperparameters, state: { width: 2, trees: [tree] } }),
    ).toThrow(/malformed/);
  });
});
