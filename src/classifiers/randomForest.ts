/**
 * Random forest (kind 'rf') via ml-random-forest 2.1 (CART trees from ml-cart, Gini gain).
 * Semantics of that library, which differ from scikit-learn and are pinned here deliberately:
 *  - features are sampled once per *tree* (random subspace), not per split; `replacement: false`
 *    so a tree never gets the same feature twice;
 *  - bootstrap of training rows per tree (`useSampleBagging: true`);
 *  - all randomness comes from its Mersenne-Twister seeded with our derived seed → reproducible.
 * Score = fraction of trees voting positive. We count votes ourselves: the library's
 * predictProbability starts its reduce from the first tree's raw label instead of 0 and rounds,
 * so it is biased (e.g. 0.700001 where 8 of 10 trees vote positive).
 * State = the library's toJSON() with tree nodes stripped to what prediction reads
 * (split column/value, children, leaf class distribution), restored via RandomForestClassifier.load.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import type {
  ClassifierSpec,
  FittedClassifier,
  Hyperparameters,
  Rows,
  SerializedClassifier,
} from './classifier.js';
import { assertRowWidth, assertTrainable, numberParameter } from './trainingData.js';

/** Number of features each tree sees: round(fraction · p), at least 1. */
export function featuresPerTree(width: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1))
    throw new Error(`random forest: maxFeatures must be a fraction in (0, 1], got ${fraction}`);
  return Math.min(width, Math.max(1, Math.round(fraction * width)));
}

/**
 * ml-random-forest reads maxFeatures in (0, 1] as a fraction (floor(p · f)) and larger integers as a
 * count, so the integer 1 would mean "all features"; express a count of 1 as a fraction instead.
 */
function libraryMaxFeatures(width: number, count: number): number {
  if (count === width) return 1.0;
  if (count >= 2) return count;
  return 1.5 / width; // floor(width · 1.5 / width) = 1 for width ≥ 2
}

interface CompactNode {
  splitColumn?: number;
  splitValue?: number;
  left?: CompactNode;
  right?: CompactNode;
  distribution?: number[][];
}

interface LibraryNode {
  splitColumn?: number;
  splitValue?: number;
  left?: LibraryNode;
  right?: LibraryNode;
  distribution?: { to2DArray(): number[][] } | number[][];
}

function compactNode(node: LibraryNode): CompactNode {
  if (node.distribution !== undefined) {
    const distribution = Array.isArray(node.distribution) ? node.distribution : node.distribution.to2DArray();
    return { distribution };
  }
  if (!node.left || !node.right) throw new Error('random forest: split node without children');
  return {
    splitColumn: node.splitColumn,
    splitValue: node.splitValue,
    left: compactNode(node.left),
    right: compactNode(node.right),
  };
}

/** Plain-JSON model in the shape RandomForestClassifier.load expects. */
export interface RandomForestState {
  name: 'RFClassifier';
  baseModel: {
    indexes: number[][];
    n: number;
    replacement: boolean;
    maxFeatures: number;
    nEstimators: number;
    treeOptions: Record<string, unknown>;
    isClassifier: true;
    seed: number;
    useSampleBagging: boolean;
    estimators: { name: 'DTClassifier'; options: Record<string, unknown>; root: CompactNode }[];
  };
}

interface TreeLike {
  toJSON(): { options: Record<string, unknown>; root: LibraryNode };
}

function toState(forest: RandomForestClassifier): RandomForestState {
  const model = forest.toJSON() as unknown as {
    baseModel: Record<string, unknown> & {
      estimators: TreeLike[] | { options: Record<string, unknown>; root: LibraryNode }[];
    };
  };
  const base = model.baseModel;
  const estimators = (base.estimators as unknown[]).map((estimator) => {
    const tree =
      typeof (estimator as TreeLike).toJSON === 'function'
        ? (estimator as TreeLike).toJSON()
        : (estimator as { options: Record<string, unknown>; root: LibraryNode });
    // maxDepth may be Infinity, which JSON cannot hold; prediction does not read options.
    const options = {
      ...tree.options,
      maxDepth: Number.isFinite(tree.options.maxDepth) ? tree.options.maxDepth : null,
    };
    return { name: 'DTClassifier' as const, options, root: compactNode(tree.root) };
  });
  return {
    name: 'RFClassifier',
    baseModel: {
      indexes: (base.indexes as number[][]).map((index) => [...index]),
      n: base.n as number,
      replacement: base.replacement as boolean,
      maxFeatures: base.maxFeatures as number,
      nEstimators: base.nEstimators as number,
      treeOptions: { ...(base.treeOptions as Record<string, unknown>), maxDepth: null },
      isClassifier: true,
      seed: base.seed as number,
      useSampleBagging: base.useSampleBagging as boolean,
      estimators,
    },
  };
}

class FittedRandomForest implements FittedClassifier {
  readonly kind = 'rf' as const;
  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly forest: RandomForestClassifier,
    private readonly width: number,
    private readonly nTrees: number,
  ) {}

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.width, 'random forest');
    const scores = new Float64Array(rows.length);
    if (rows.length === 0) return scores;
    // rows × trees matrix of each tree's predicted label (0/1).
    const votes = this.forest.predictionValues(rows.map((row) => Array.from(row)));
    for (let i = 0; i < rows.length; i++) {
      let positive = 0;
      for (let t = 0; t < this.nTrees; t++) positive += votes.get(i, t) === 1 ? 1 : 0;
      scores[i] = positive / this.nTrees;
    }
    return scores;
  }

  toJSON(): SerializedClassifier {
    return {
      kind: 'rf',
      hyperparameters: { ...this.hyperparameters },
      state: { width: this.width, model: toState(this.forest) },
    };
  }
}

const MAX_FEATURE_FRACTIONS = [0.3, 0.6];
const MAX_DEPTHS = [4, 8];

export const randomForestSpec: ClassifierSpec = {
  kind: 'rf',
  grid: MAX_DEPTHS.flatMap((maxDepth) =>
    MAX_FEATURE_FRACTIONS.map((maxFeatures) => ({ nEstimators: 100, maxFeatures, maxDepth })),
  ),
  fit(rows, labels, hyperparameters, seed) {
    const { width } = assertTrainable(rows, labels, 'random forest');
    const nEstimators = numberParameter(hyperparameters, 'nEstimators', 'random forest');
    const maxDepth = numberParameter(hyperparameters, 'maxDepth', 'random forest');
    const count = featuresPerTree(width, numberParameter(hyperparameters, 'maxFeatures', 'random forest'));
    if (!Number.isInteger(nEstimators) || nEstimators < 1)
      throw new Error(`random forest: nEstimators must be a positive integer, got ${nEstimators}`);
    if (!Number.isInteger(seed)) throw new Error(`random forest: seed must be an integer, got ${seed}`);
    const forest = new RandomForestClassifier({
      nEstimators,
      maxFeatures: libraryMaxFeatures(width, count),
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      // MT19937 seeding reads a signed 32-bit integer.
      seed: seed | 0,
      treeOptions: { maxDepth },
    });
    forest.train(
      rows.map((row) => Array.from(row)),
      Array.from(labels),
    );
    return new FittedRandomForest(hyperparameters, forest, width, nEstimators);
  },
  restore(serialized) {
    if (serialized.kind !== 'rf') throw new Error(`random forest: cannot restore kind ${serialized.kind}`);
    const state = serialized.state as { width: number; model: RandomForestState };
    if (!Number.isInteger(state?.width) || state.model?.name !== 'RFClassifier')
      throw new Error('random forest: malformed state');
    const forest = RandomForestClassifier.load(structuredClone(state.model) as never);
    return new FittedRandomForest(
      serialized.hyperparameters,
      forest,
      state.width,
      state.model.baseModel.nEstimators,
    );
  },
};
