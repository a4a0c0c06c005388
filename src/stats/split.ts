/**
 * Seeded stratified resampling of patient rows: one train/validation split (Hou et al. 2025:
 * 215 patients → 150 training / 65 validation, 7:3) and stratified k-fold cross-validation.
 *
 * Definition choices:
 * - Classes are the distinct label values, processed in sorted order (String code-unit order) so
 *   results do not depend on the order patients appear in. Each class shuffles its own members
 *   with an rng seeded by deriveSeed(seed, <procedure>, <class label>), so adding a class does not
 *   reshuffle the others. Row index arrays are returned sorted ascending.
 * - Train/validation sizes: total training size nTrain = floor(n · trainFraction) (as
 *   sklearn's train_test_split(train_size=...) — floor(0.7 · 215) = 150, leaving 65; a 1e-9
 *   tolerance keeps e.g. 0.7 · 10 = 7 from flooring to 6). nTrain is shared among classes by the
 *   largest-remainder (Hamilton) method on quotas n_c · nTrain / n, clamped so every class keeps
 *   at least one member on each side (a class of 2 puts one in each). Leftover seats go to the
 *   largest remainder, ties to the earlier class in sorted order. For the paper's class sizes
 *   79/96/40 this gives 55/67/28 training and 24/29/12 validation. Only if the clamps make the
 *   total impossible does the training size differ from nTrain.
 * - A class with a single member cannot be stratified: an error names the class.
 * - stratifiedKFold: each class's shuffled members are dealt round-robin over the folds, the deal
 *   continuing where the previous class stopped, so fold sizes differ by at most one overall and
 *   per class (the spirit of sklearn's StratifiedKFold(shuffle=True), not its exact assignment).
 *   Every class must have at least k members so that every test fold contains every class (AUC
 *   on a fold needs both classes); otherwise an error names the class and its count.
 *   foldCountFor(labels, maxFolds = 5) gives the largest usable k = min(maxFolds, smallest class).
 */

import { createRng, deriveSeed, shuffleInPlace } from './random.js';

export type ClassLabel = string | number;

export interface TrainValidationSplit {
  train: Int32Array;
  validation: Int32Array;
}

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

interface ClassGroup {
  label: ClassLabel;
  rows: number[];
}

/** Rows per distinct label, classes in sorted order. */
function groupByClass(labels: ArrayLike<ClassLabel>): ClassGroup[] {
  const groups = new Map<ClassLabel, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = groups.get(labels[i]);
    if (rows) rows.push(i);
    else groups.set(labels[i], [i]);
  }
  const keyed = [...groups.entries()].map(([label, rows]) => ({ label, rows, key: String(label) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ label, rows }) => ({ label, rows }));
}

function shuffledRows(group: ClassGroup, seed: number, procedure: string): number[] {
  return shuffleInPlace([...group.rows], createRng(deriveSeed(seed, procedure, String(group.label))));
}

function sortedInt32(rows: number[]): Int32Array {
  return Int32Array.from(rows).sort();
}

/**
 * Training seats per class: largest remainder on quotas n_c · nTrain / n, with 1 <= seats <= n_c − 1.
 * Exported for the pipeline's reports (how many of each class will be trained on).
 */
export function allocateTrainingCounts(classSizes: readonly number[], nTrain: number): number[] {
  const n = classSizes.reduce((s, c) => s + c, 0);
  const quotas = classSizes.map((c) => (c * nTrain) / n);
  const seats = quotas.map((q, c) => Math.min(Math.max(Math.floor(q), 1), classSizes[c] - 1));
  let missing = nTrain - seats.reduce((s, c) => s + c, 0);
  while (missing !== 0) {
    let best = -1;
    for (let c = 0; c < seats.length; c++) {
      const canMove = missing > 0 ? seats[c] < classSizes[c] - 1 : seats[c] > 1;
      if (!canMove) continue;
      const remainder = quotas[c] - seats[c];
      // Add where the quota is most under-served, remove where it is most over-served.
      if (
        best < 0 ||
        (missing > 0 ? remainder > quotas[best] - seats[best] : remainder < quotas[best] - seats[best])
      ) {
        best = c;
      }
    }
    if (best < 0) break;
    seats[best] += missing > 0 ? 1 : -1;
    missing += missing > 0 ? -1 : 1;
  }
  return seats;
}

function requireAtLeast(groups: ClassGroup[], minimum: number, why: string): void {
  for (const g of groups) {
    if (g.rows.length < minimum) {
      throw new RangeError(
        `Class "${String(g.label)}" has ${g.rows.length} member${g.rows.length === 1 ? '' : 's'}; ${why}`,
      );
    }
  }
}

export interface StratifiedSplitOptions {
  seed: number;
  /** Fraction of patients in training, strictly between 0 and 1 (default 0.7). */
  trainFraction?: number;
}

/** Seeded stratified train/validation split of patient rows 0..n−1 by label. */
export function stratifiedSplit(
  labels: ArrayLike<ClassLabel>,
  options: StratifiedSplitOptions,
): TrainValidationSplit {
  const trainFraction = options.trainFraction ?? 0.7;
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new RangeError(`trainFraction must be strictly between 0 and 1, got ${trainFraction}`);
  }
  const groups = groupByClass(labels);
  requireAtLeast(groups, 2, 'a stratified split needs at least 2 (one per side)');
  const n = labels.length;
  const nTrain = Math.floor(n * trainFraction + 1e-9);
  const seats = allocateTrainingCounts(
    groups.map((g) => g.rows.length),
    nTrain,
  );
  const train: number[] = [];
  const validation: number[] = [];
  groups.forEach((g, c) => {
    const rows = shuffledRows(g, options.seed, 'stratifiedSplit');
    for (let m = 0; m < rows.length; m++) (m < seats[c] ? train : validation).push(rows[m]);
  });
  return { train: sortedInt32(train), validation: sortedInt32(validation) };
}

/** Largest number of folds (<= maxFolds) for which every class appears in every test fold. */
export function foldCountFor(labels: ArrayLike<ClassLabel>, maxFolds = 5): number {
  const groups = groupByClass(labels);
  requireAtLeast(groups, 2, 'cross-validation needs at least 2 per class');
  const smallest = Math.min(...groups.map((g) => g.rows.length));
  return Math.min(maxFolds, smallest);
}

/** Seeded stratified k-fold partition of patient rows 0..n−1; fold f's test rows are disjoint. */
export function stratifiedKFold(labels: ArrayLike<ClassLabel>, k: number, seed: number): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  const groups = groupByClass(labels);
  requireAtLeast(groups, k, `${k}-fold stratified cross-validation needs at least ${k} per class`);
  const testRows: number[][] = Array.from({ length: k }, () => []);
  let nextFold = 0;
  for (const g of groups) {
    for (const row of shuffledRows(g, seed, 'stratifiedKFold')) {
      testRows[nextFold].push(row);
      nextFold = (nextFold + 1) % k;
    }
  }
  const foldOf = new Int32Array(labels.length);
  testRows.forEach((rows, f) => rows.forEach((row) => (foldOf[row] = f)));
  return testRows.map((rows, f) => {
    const train: number[] = [];
    for (let i = 0; i < labels.length; i++) if (foldOf[i] !== f) train.push(i);
    return { train: Int32Array.from(train), test: sortedInt32(rows) };
  });
}
