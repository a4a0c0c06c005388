/**
 * A binary CART classification tree grown as scikit-learn's DecisionTreeClassifier grows the trees of a
 * RandomForestClassifier:
 *  - Gini impurity, sample weights (a bootstrap's draw counts) in every impurity and leaf value;
 *  - at each node the features are visited in a fresh random order and the search stops once
 *    `maxFeatures` *non-constant* features have been examined (constant ones do not count, so a valid
 *    split is found whenever one exists);
 *  - thresholds are midpoints between consecutive distinct values; x ≤ threshold goes left;
 *  - a node is split whenever it is impure, shallower than maxDepth, and some threshold leaves at least
 *    minSamplesLeaf rows on each side (rows = distinct training rows, as scikit-learn counts them);
 *    among equally good splits the first examined wins;
 *  - a leaf's value is the weighted fraction of positive rows in it.
 * Stored flat in pre-order: node i is a leaf when feature[i] = −1, else its children are left[i] and right[i].
 */
import type { BinaryLabels, Rows } from './classifier.js';
import type { Rng } from '../stats/random.js';

export interface TreeOptions {
  maxFeatures: number;
  maxDepth: number;
  minSamplesLeaf: number;
}

export interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Positive-class fraction at the node (used at leaves). */
  value: Float64Array;
}

interface Split {
  feature: number;
  threshold: number;
  /** Position in the node's sorted order where the right child starts. */
  order: Int32Array;
  boundary: number;
}

/** Weighted Gini impurity·weight for a binary node: w·2p(1−p) = 2·pos·neg / w. */
function giniMass(positive: number, total: number): number {
  return total > 0 ? (2 * positive * (total - positive)) / total : 0;
}

/** Row indices sorted by each feature (ties by index); computed once and shared by every tree of a forest. */
export function sortRowsByFeature(rows: Rows): Int32Array[] {
  const width = rows[0].length;
  return Array.from({ length: width }, (_, j) =>
    Int32Array.from(rows, (_, i) => i).sort((a, b) => rows[a][j] - rows[b][j] || a - b),
  );
}

/**
 * Grows one tree on the rows with nonzero weight. `weights[i]` is row i's multiplicity (0 = not drawn).
 * `sortedByFeature` (from sortRowsByFeature) lets every node read its rows in feature order by one
 * linear scan instead of sorting them again.
 */
export function growTree(
  rows: Rows,
  labels: BinaryLabels,
  weights: Float64Array,
  options: TreeOptions,
  rng: Rng,
  sortedByFeature: Int32Array[] = sortRowsByFeature(rows),
): FlatTree {
  const width = rows[0].length;
  // membership[i] = stamp of the node currently being split, so a scan can pick that node's rows.
  const membership = new Int32Array(rows.length).fill(-1);
  let stamp = 0;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const featureOrder = Int32Array.from({ length: width }, (_, j) => j);
  const columnValues = new Float64Array(rows.length);

  const initial: number[] = [];
  for (let i = 0; i < rows.length; i++) if (weights[i] > 0) initial.push(i);

  function bestSplit(samples: Int32Array, totalWeight: number, totalPositive: number): Split | null {
    stamp++;
    for (const i of samples) membership[i] = stamp;
    let best: Split | null = null;
    let bestMass = Infinity;
    // Partial Fisher-Yates: draw features one at a time until maxFeatures non-constant ones are seen.
    let examined = 0;
    for (let drawn = 0; drawn < width && examined < options.maxFeatures; drawn++) {
      const pick = drawn + rng.int(width - drawn);
      const j = featureOrder[pick];
      featureOrder[pick] = featureOrder[drawn];
      featureOrder[drawn] = j;

      const m = samples.length;
      const order = new Int32Array(m);
      let filled = 0;
      for (const i of sortedByFeature[j]) {
        if (membership[i] === stamp) {
          order[filled++] = i;
          columnValues[i] = rows[i][j];
        }
      }
      if (columnValues[order[0]] === columnValues[order[m - 1]]) continue; // constant here: does not count
      examined++;

      let leftWeight = 0;
      let leftPositive = 0;
      for (let r = 0; r < m - 1; r++) {
        const i = order[r];
        leftWeight += weights[i];
        leftPositive += weights[i] * labels[i];
        const current = columnValues[i];
        const next = columnValues[order[r + 1]];
        if (current === next) continue;
        if (r + 1 < options.minSamplesLeaf || m - r - 1 < options.minSamplesLeaf) continue;
        const mass =
          giniMass(leftPositive, leftWeight) +
          giniMass(totalPositive - leftPositive, totalWeight - leftWeight);
        if (mass < bestMass) {
          bestMass = mass;
          let cut = (current + next) / 2;
          if (cut === next) cut = current; // midpoint rounded up onto the right value
          best = { feature: j, threshold: cut, order, boundary: r + 1 };
        }
      }
    }
    return best;
  }

  function build(samples: Int32Array, depth: number): number {
    const node = feature.length;
    let totalWeight = 0;
    let totalPositive = 0;
    for (const i of samples) {
      totalWeight += weights[i];
      totalPositive += weights[i] * labels[i];
    }
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(totalPositive / totalWeight);

    const pure = totalPositive === 0 || totalPositive === totalWeight;
    if (pure || depth >= options.maxDepth || samples.length < 2 * options.minSamplesLeaf) return node;
    const split = bestSplit(samples, totalWeight, totalPositive);
    if (!split) return node;
    feature[node] = split.feature;
    threshold[node] = split.threshold;
    const leftChild = build(split.order.slice(0, split.boundary), depth + 1);
    const rightChild = build(split.order.slice(split.boundary), depth + 1);
    left[node] = leftChild;
    right[node] = rightChild;
    return node;
  }

  build(Int32Array.from(initial), 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** The positive fraction of the leaf `row` falls into. */
export function treePositiveFraction(tree: FlatTree, row: Float64Array): number {
  let node = 0;
  while (tree.feature[node] >= 0)
    node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
