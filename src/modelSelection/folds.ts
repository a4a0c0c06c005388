/**
 * The small fold interface CV code is written against, so it does not depend on how folds are made
 * (src/stats/split.ts's stratifiedKFold produces them): each fold lists row indices to train on and
 * row indices to test on.
 */
import type { BinaryLabels, ClassifierSpec, Hyperparameters, Rows } from '../classifiers/classifier.js';
import { deriveSeed } from '../stats/random.js';

export interface Fold {
  train: ArrayLike<number>;
  test: ArrayLike<number>;
}

/** Binary AUC of scores against labels (e.g. src/stats/auc.ts's aucMannWhitney). */
export type AucFunction = (scores: Float64Array, labels: BinaryLabels) => number;

export function pickRows(rows: Rows, indices: ArrayLike<number>): Float64Array[] {
  return Array.from(indices, (i) => rows[i]);
}

export function pickLabels(labels: BinaryLabels, indices: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(indices as ArrayLike<number>, (i) => labels[i]);
}

/** The test parts must cover every row exactly once, and no fold may test on a row it trains on. */
export function assertFoldsPartition(folds: readonly Fold[], n: number, who: string): void {
  if (folds.length < 2) throw new Error(`${who}: need at least 2 folds, got ${folds.length}`);
  const timesTested = new Uint8Array(n);
  const inTrain = new Uint8Array(n);
  for (let k = 0; k < folds.length; k++) {
    inTrain.fill(0);
    for (let t = 0; t < folds[k].train.length; t++) {
      const i = folds[k].train[t];
      if (!(i >= 0 && i < n) || !Number.isInteger(i))
        throw new Error(`${who}: fold ${k} trains on invalid row ${i}`);
      inTrain[i] = 1;
    }
    for (let t = 0; t < folds[k].test.length; t++) {
      const i = folds[k].test[t];
      if (!(i >= 0 && i < n) || !Number.isInteger(i))
        throw new Error(`${who}: fold ${k} tests on invalid row ${i}`);
      if (inTrain[i]) throw new Error(`${who}: fold ${k} both trains and tests on row ${i}`);
      timesTested[i]++;
    }
  }
  for (let i = 0; i < n; i++) {
    if (timesTested[i] !== 1)
      throw new Error(`${who}: row ${i} is tested ${timesTested[i]} times, expected once`);
  }
}

/**
 * Fits on fold k's training rows and scores its held-out rows. Fold k's seed is the same whatever
 * uses it (tuning or calibration), so a grid point's CV fits are reproducible on their own.
 */
export function scoreHeldOutFold(
  spec: ClassifierSpec,
  rows: Rows,
  labels: BinaryLabels,
  hyperparameters: Hyperparameters,
  folds: readonly Fold[],
  k: number,
  seed: number,
): Float64Array {
  const { train, test } = folds[k];
  const model = spec.fit(
    pickRows(rows, train),
    pickLabels(labels, train),
    hyperparameters,
    deriveSeed(seed, 'fold', k),
  );
  return model.score(pickRows(rows, test));
}
