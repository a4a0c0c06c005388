/**
 * The pipeline search on one task's training rows: each sampled pipeline (selector × size ×
 * classifier × hyperparameters) is scored by stratified k-fold CV AUC, with the selection and the
 * scaler refitted inside every fold, so a held-out fold never shapes its own inputs. A selector is
 * fitted once per fold for all its sizes and shared by every pipeline that uses it. Pure and seeded: fold k's
 * classifier seed is the same for every pipeline (common random numbers).
 */
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import type { Fold } from '../modelSelection/folds.js';
import { aucMannWhitney } from '../stats/auc.js';
import { deriveSeed } from '../stats/random.js';
import { stratifiedKFold } from '../stats/split.js';
import { designFromSelection, scaledRows, type TaskData } from './pipelineDesign.js';
import { fitSelectionSizes } from './sizedSelection.js';
import type { PipelineSpec } from './searchSpace.js';

export interface ScoredPipeline {
  spec: PipelineSpec;
  /** Mean held-out AUC over the folds. */
  cvAuc: number;
  /** Held-out (uncalibrated) score per search row, in `rows` order. */
  oofScores: Float64Array;
}

export interface PipelineSearchResult {
  /** Best first (ties keep the sampled order). */
  ranked: ScoredPipeline[];
  /** Folds over positions in `rows`. */
  folds: Fold[];
  /** Labels of the search rows, in `rows` order. */
  labels: Uint8Array;
}

export interface PipelineSearchInput {
  data: TaskData;
  /** Patient indices the search may read (a task's training rows, or an outer fold's training part). */
  rows: Int32Array;
  pipelines: readonly PipelineSpec[];
  cvFolds: number;
  seed: number;
  /** Called once per pipeline when its CV is complete. */
  onPipelineDone?: () => void;
}

/** Mean over folds of the AUC of `scores` (indexed by row position) on each fold's test part. */
export function meanFoldAuc(scores: Float64Array, labels: Uint8Array, folds: readonly Fold[]): number {
  let sum = 0;
  for (const fold of folds) {
    const s = Float64Array.from(fold.test as ArrayLike<number>, (m) => scores[m]);
    const y = Uint8Array.from(fold.test as ArrayLike<number>, (m) => labels[m]);
    sum += aucMannWhitney(s, y);
  }
  return sum / folds.length;
}

export function searchPipelines(input: PipelineSearchInput): PipelineSearchResult {
  const { data, rows, pipelines } = input;
  const labels = Uint8Array.from(rows, (i) => data.labels[i]);
  const folds = stratifiedKFold(labels, input.cvFolds, deriveSeed(input.seed, 'search-folds'));
  // One selection fit per selector and fold gives every size the pipelines ask for.
  const groups = new Map<string, number[]>();
  pipelines.forEach((spec, p) => groups.set(spec.selector, [...(groups.get(spec.selector) ?? []), p]));
  const oof = pipelines.map(() => new Float64Array(rows.length));
  for (const members of groups.values()) {
    const selector = pipelines[members[0]].selector;
    const sizes = [...new Set(members.map((p) => pipelines[p].size))];
    folds.forEach((fold, k) => {
      const trainRows = Int32Array.from(fold.train as ArrayLike<number>, (m) => rows[m]);
      const testRows = Int32Array.from(fold.test as ArrayLike<number>, (m) => rows[m]);
      const yTrain = Uint8Array.from(trainRows, (i) => data.labels[i]);
      const selections = fitSelectionSizes({
        selector,
        sizes,
        candidates: data.candidates,
        labels: data.labels,
        rows: trainRows,
        options: data.selectorOptions,
        seed: deriveSeed(input.seed, 'selection', k),
      });
      sizes.forEach((size, s) => {
        const design = designFromSelection(data, selections[s], trainRows);
        const xTrain = scaledRows(design, trainRows);
        const xTest = scaledRows(design, testRows);
        for (const p of members) {
          if (pipelines[p].size !== size) continue;
          const { classifier, hyperparameters } = pipelines[p];
          const model = CLASSIFIER_SPECS[classifier].fit(
            xTrain,
            yTrain,
            hyperparameters,
            deriveSeed(input.seed, 'fold', k),
          );
          const scores = model.score(xTest);
          for (let t = 0; t < fold.test.length; t++) oof[p][fold.test[t]] = scores[t];
        }
      });
    });
    for (let m = 0; m < members.length; m++) input.onPipelineDone?.();
  }
  const scored = pipelines.map((spec, p) => ({
    spec,
    cvAuc: meanFoldAuc(oof[p], labels, folds),
    oofScores: oof[p],
  }));
  const ranked = scored
    .map((s, p) => ({ s, p }))
    .sort((a, b) => b.s.cvAuc - a.s.cvAuc || a.p - b.p)
    .map(({ s }) => s);
  return { ranked, folds, labels };
}
