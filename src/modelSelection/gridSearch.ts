/**
 * Hyperparameter tuning as in the paper: for every grid point, the mean AUC over the given (stratified)
 * folds, fitting on each fold's training part and scoring its test part; the best mean wins, ties going
 * to the earlier grid point. Fold k uses the same derived seed for every grid point (common random
 * numbers), so grid points are compared on equal footing.
 */
import type { BinaryLabels, ClassifierSpec, Hyperparameters, Rows } from '../classifiers/classifier.js';
import { type AucFunction, type Fold, pickLabels, scoreHeldOutFold } from './folds.js';

export interface GridPointResult {
  hyperparameters: Hyperparameters;
  cvAuc: number;
}

export interface GridSearchResult {
  best: Hyperparameters;
  cvAuc: number;
  tuning: GridPointResult[];
}

/** Mean held-out AUC of one hyperparameter setting over the folds. */
export function crossValidatedAuc(
  spec: ClassifierSpec,
  rows: Rows,
  labels: BinaryLabels,
  hyperparameters: Hyperparameters,
  folds: readonly Fold[],
  auc: AucFunction,
  seed: number,
): number {
  let sum = 0;
  for (let k = 0; k < folds.length; k++) {
    const foldAuc = auc(
      scoreHeldOutFold(spec, rows, labels, hyperparameters, folds, k, seed),
      pickLabels(labels, folds[k].test),
    );
    if (!Number.isFinite(foldAuc))
      throw new Error(`grid search: fold ${k} AUC is ${foldAuc} (does its test part hold both classes?)`);
    sum += foldAuc;
  }
  return sum / folds.length;
}

export function gridSearch(
  spec: ClassifierSpec,
  rows: Rows,
  labels: BinaryLabels,
  folds: readonly Fold[],
  auc: AucFunction,
  seed: number,
): GridSearchResult {
  if (spec.grid.length === 0) throw new Error(`grid search: ${spec.kind} has an empty grid`);
  if (folds.length === 0) throw new Error('grid search: no folds');
  const tuning = spec.grid.map((hyperparameters) => ({
    hyperparameters: { ...hyperparameters },
    cvAuc: crossValidatedAuc(spec, rows, labels, hyperparameters, folds, auc, seed),
  }));
  let best = tuning[0];
  for (const point of tuning) if (point.cvAuc > best.cvAuc) best = point;
  return { best: { ...best.hyperparameters }, cvAuc: best.cvAuc, tuning };
}
