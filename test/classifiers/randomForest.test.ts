import { Matrix, MatrixColumnSelectionView } from 'ml-matrix';
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import {
  featuresPerTree,
  randomForestSpec,
  type RandomForestState,
} from '../../src/classifiers/randomForest.js';
import { syntheticTask } from './helpers.js';

const { rows, labels } = syntheticTask(90, 6, 21);
const test = syntheticTask(40, 6, 22);
const hyperparameters = { nEstimators: 25, maxFeatures: 0.5, maxDepth: 4 };
const stateOf = (seed: number, hp: Record<string, number> = hyperparameters) =>
  randomForestSpec.fit(rows, labels, hp, seed).toJSON().state as { width: number; model: RandomForestState };

interface TreeNode {
  splitColumn?: number;
  left?: TreeNode;
  right?: TreeNode;
}
const depth = (node: TreeNode): number =>
  node.left && node.right ? 1 + Math.max(depth(node.left), depth(node.right)) : 0;

describe('random forest', () => {
  it('scores the fraction of trees voting positive, counted tree by tree', () => {
    const model = randomForestSpec.fit(rows, labels, hyperparameters, 7);
    const { model: state } = model.toJSON().state as { model: RandomForestState };
    const forest = RandomForestClassifier.load(structuredClone(state) as never) as unknown as {
      estimators: { predict(x: MatrixColumnSelectionView): number[] }[];
      indexes: number[][];
    };
    const X = new Matrix(test.rows.map((r) => Array.from(r)));
    const votes = new Array<number>(test.rows.length).fill(0);
    forest.estimators.forEach((tree, t) => {
      const predictions = tree.predict(new MatrixColumnSelectionView(X, forest.indexes[t]));
      predictions.forEach((label, i) => (votes[i] += label === 1 ? 1 : 0));
    });
    expect(forest.estimators).toHaveLength(25);
    const scores = model.score(test.rows);
    votes.forEach((v, i) => expect(scores[i]).toBe(v / 25));
    // A real ranking, not constant.
    expect(new Set(scores).size).toBeGreaterThan(3);
  });

  it('is reproducible: same seed → identical model; different seed → different model', () => {
    expect(stateOf(7)).toEqual(stateOf(7));
    expect(stateOf(8)).not.toEqual(stateOf(7));
  });

  it('gives each tree round(fraction · p) distinct features and respects maxDepth', () => {
    const { model } = stateOf(3, { nEstimators: 20, maxFeatures: 0.5, maxDepth: 2 });
    for (const index of model.baseModel.indexes) {
      expect(index).toHaveLength(3);
      expect(new Set(index).size).toBe(3);
    }
    for (const tree of model.baseModel.estimators) expect(depth(tree.root)).toBeLessThanOrEqual(2);
    expect(featuresPerTree(12, 0.3)).toBe(4);
    expect(featuresPerTree(12, 1)).toBe(12);
  });

  it('handles a single feature per tree (which the library would read as "all features" if passed as 1)', () => {
    const narrow = syntheticTask(40, 2, 5);
    const fitted = randomForestSpec.fit(
      narrow.rows,
      narrow.labels,
      { nEstimators: 10, maxFeatures: 0.3, maxDepth: 3 },
      1,
    );
    const { model } = fitted.toJSON().state as { model: RandomForestState };
    for (const index of model.baseModel.indexes) expect(index).toHaveLength(1);
  });

  it('restores from JSON to identical scores', () => {
    const model = randomForestSpec.fit(rows, labels, hyperparameters, 11);
    const restored = randomForestSpec.restore(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.score(test.rows))).toEqual(Array.from(model.score(test.rows)));
  });

  it('separates the synthetic classes (held-out positives score higher on average)', () => {
    const scores = randomForestSpec.fit(rows, labels, hyperparameters, 1).score(test.rows);
    const mean = (cls: number) => {
      const picked = Array.from(scores).filter((_, i) => test.labels[i] === cls);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.15);
  });
});
