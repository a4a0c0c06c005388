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

  it('rejects a malformed stored tree', () => {
    const state = stateOf(1);
    state.trees[0].right[0] = 0; // a child pointing back at its parent would loop forever
    expect(() => randomForestSpec.restore({ kind: 'rf', hyperparameters, state })).toThrow(/malformed/);
  });
});
