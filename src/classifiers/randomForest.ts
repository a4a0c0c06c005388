/**
 * Random forest (kind 'rf'), scikit-learn's RandomForestClassifier algorithm implemented here:
 * each tree is grown (src/classifiers/decisionTree.ts) on a bootstrap sample of the training rows,
 * drawn with replacement and used as row weights, with a fresh random subset of features examined at
 * every split. Score = the average over trees of the leaf's positive fraction (scikit-learn's
 * predict_proba; with pure leaves this is the fraction of trees voting positive).
 * Tree t draws from its own stream createRng(deriveSeed(seed, 'tree', t)), so a forest is reproducible.
 *
 * Why not ml-random-forest 2.1: one 100-tree fit on 150 × 12 rows took 300-600 ms (its CART rebuilds
 * arrays and matrices for every candidate threshold), which alone would put the pipeline's ~80 RF fits
 * near 30 s; it also samples features once per tree rather than per split, and its predictProbability
 * is biased (its reduce starts from the first tree's raw label). This implementation fits the same
 * forest size in a few milliseconds.
 */
import { createRng, deriveSeed } from '../stats/random.js';
import type {
  ClassifierSpec,
  FittedClassifier,
  Hyperparameters,
  Rows,
  SerializedClassifier,
} from './classifier.js';
import { type FlatTree, growTree, sortRowsByFeature } from './decisionTree.js';
import { assertRowWidth, assertTrainable, numberParameter } from './trainingData.js';

export interface SerializedTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface RandomForestState {
  width: number;
  trees: SerializedTree[];
}

/** Features examined per split: 'sqrt' → ⌊√p⌋, a fraction f → ⌊f·p⌋, at least 1 (scikit-learn's rule). */
export function featuresPerSplit(width: number, maxFeatures: number | string | undefined): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(width)));
  if (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures <= 1)
    return Math.max(1, Math.floor(maxFeatures * width));
  throw new Error(
    `random forest: maxFeatures must be 'sqrt' or a fraction in (0, 1], got ${String(maxFeatures)}`,
  );
}

function positiveInteger(hyperparameters: Hyperparameters, name: string): number {
  const value = numberParameter(hyperparameters, name, 'random forest');
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`random forest: ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Every tree of a forest packed into one set of typed arrays, each tree laid out in pre-order from
 * its root (tree t starts at roots[t]), so a split node's left child is the next node and only the
 * right child needs storing. Scoring then walks contiguous memory in one monomorphic loop instead
 * of visiting 200 separate tree objects. The nodes visited and the summation order (tree 0, 1, …)
 * are those of treePositiveFraction summed over the trees, so scores are bitwise identical.
 */
export interface PackedForest {
  roots: Int32Array;
  /** Split feature, or −1 at a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  /** Right child of a split node (its left child is the node after it); −1 at a leaf. */
  right: Int32Array;
  /** Positive-class fraction (read at leaves). */
  value: Float64Array;
}

export function packForest(trees: readonly FlatTree[]): PackedForest {
  let size = 0;
  for (const tree of trees) size += tree.feature.length;
  const roots = new Int32Array(trees.length);
  const feature = new Int32Array(size);
  const threshold = new Float64Array(size);
  const right = new Int32Array(size);
  const value = new Float64Array(size);
  let next = 0;
  trees.forEach((tree, t) => {
    roots[t] = next;
    const seen = new Uint8Array(tree.feature.length);
    // Depth-first, left before right; `parent` is the packed node whose right child this is (or −1).
    const stack: { node: number; parent: number }[] = [{ node: 0, parent: -1 }];
    while (stack.length > 0) {
      const { node, parent } = stack.pop()!;
      if (seen[node]) throw new Error('random forest: malformed tree (a node with two parents)');
      seen[node] = 1;
      const at = next++;
      if (parent >= 0) right[parent] = at;
      feature[at] = tree.feature[node];
      threshold[at] = tree.threshold[node];
      value[at] = tree.value[node];
      right[at] = -1;
      if (tree.feature[node] >= 0) {
        stack.push({ node: tree.right[node], parent: at });
        stack.push({ node: tree.left[node], parent: -1 });
      }
    }
  });
  return {
    roots,
    feature: feature.subarray(0, next),
    threshold: threshold.subarray(0, next),
    right: right.subarray(0, next),
    value: value.subarray(0, next),
  };
}

/**
 * Scores of `rows` under a packed forest: the mean over trees of the leaf's positive fraction.
 * Tree-major (each tree walks all rows while its nodes are in cache); each row's sum still adds the
 * trees in order 0, 1, …, exactly as a row-by-row walk does.
 */
export function scorePackedForest(forest: PackedForest, rows: Rows): Float64Array {
  const { roots, feature, threshold, right, value } = forest;
  const n = rows.length;
  const sums = new Float64Array(n);
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t];
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      let node = root;
      let f = feature[node];
      while (f >= 0) {
        node = row[f] <= threshold[node] ? node + 1 : right[node];
        f = feature[node];
      }
      sums[i] += value[node];
    }
  }
  const trees = roots.length;
  for (let i = 0; i < n; i++) sums[i] = sums[i] / trees;
  return sums;
}

class FittedRandomForest implements FittedClassifier {
  readonly kind = 'rf' as const;
  private readonly packed: PackedForest;
  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly width: number,
    private readonly trees: FlatTree[],
  ) {
    this.packed = packForest(trees);
  }

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.width, 'random forest');
    return scorePackedForest(this.packed, rows);
  }

  toJSON(): SerializedClassifier {
    const state: RandomForestState = {
      width: this.width,
      trees: this.trees.map((tree) => ({
        feature: Array.from(tree.feature),
        threshold: Array.from(tree.threshold),
        left: Array.from(tree.left),
        right: Array.from(tree.right),
        value: Array.from(tree.value),
      })),
    };
    return { kind: 'rf', hyperparameters: { ...this.hyperparameters }, state };
  }
}

function restoreTree(tree: SerializedTree, width: number): FlatTree {
  const size = tree.feature.length;
  if (
    [tree.threshold, tree.left, tree.right, tree.value].some((column) => column.length !== size) ||
    size === 0
  ) {
    throw new Error('random forest: malformed tree');
  }
  for (let i = 0; i < size; i++) {
    const f = tree.feature[i];
    const isSplit = f >= 0;
    if (
      isSplit &&
      (f >= width || !(tree.left[i] > i && tree.left[i] < size && tree.right[i] > i && tree.right[i] < size))
    ) {
      throw new Error(`random forest: malformed split node ${i}`);
    }
  }
  return {
    feature: Int32Array.from(tree.feature),
    threshold: Float64Array.from(tree.threshold),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    value: Float64Array.from(tree.value),
  };
}

const MAX_DEPTHS = [3, 6, 12];
const MIN_SAMPLES_LEAF = [1, 3];

export const randomForestSpec: ClassifierSpec = {
  kind: 'rf',
  grid: MAX_DEPTHS.flatMap((maxDepth) =>
    MIN_SAMPLES_LEAF.map((minSamplesLeaf) => ({
      nEstimators: 200,
      maxFeatures: 'sqrt',
      maxDepth,
      minSamplesLeaf,
    })),
  ),
  fit(rows, labels, hyperparameters, seed) {
    const { n, width } = assertTrainable(rows, labels, 'random forest');
    const nEstimators = positiveInteger(hyperparameters, 'nEstimators');
    const options = {
      maxFeatures: featuresPerSplit(width, hyperparameters.maxFeatures),
      maxDepth: positiveInteger(hyperparameters, 'maxDepth'),
      minSamplesLeaf: positiveInteger(hyperparameters, 'minSamplesLeaf'),
    };
    const trees: FlatTree[] = [];
    const counts = new Float64Array(n);
    const sortedByFeature = sortRowsByFeature(rows);
    for (let t = 0; t < nEstimators; t++) {
      const rng = createRng(deriveSeed(seed, 'tree', t));
      counts.fill(0);
      for (let draw = 0; draw < n; draw++) counts[rng.int(n)] += 1;
      trees.push(growTree(rows, labels, counts, options, rng, sortedByFeature));
    }
    return new FittedRandomForest(hyperparameters, width, trees);
  },
  restore(serialized) {
    if (serialized.kind !== 'rf') throw new Error(`random forest: cannot restore kind ${serialized.kind}`);
    const state = serialized.state as RandomForestState;
    if (!Number.isInteger(state?.width) || !Array.isArray(state.trees) || state.trees.length === 0)
      throw new Error('random forest: malformed state');
    return new FittedRandomForest(
      serialized.hyperparameters,
      state.width,
      state.trees.map((tree) => restoreTree(tree, state.width)),
    );
  },
};
