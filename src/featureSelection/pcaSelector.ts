/**
 * The pca selector: the model reads the first k principal components of the z-scored continuous
 * candidates (categorical candidates are not projected), both fitted on the task's training rows;
 * k is chosen by stratified inner CV AUC of a logistic regression (C = 1) on the first k
 * components, with the scaling and the PCA refitted inside every fold so the held-out part never
 * shapes its own components. Ties go to the smaller k. (The PCA is centred on the z-scored
 * training rows, whose mean is 0 up to rounding, so the serving projection (src/inputs/projection.ts)
 * applies only the z-scoring and the loadings; training computes its inputs with the same function.)
 */
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import { aucMannWhitney } from '../stats/auc.js';
import { deriveSeed } from '../stats/random.js';
import { stratifiedKFold } from '../stats/split.js';
import { fitPcaColumns, transformPcaColumns } from './pca.js';
import type { FittedSelection, SelectorInput, SelectorSpec } from './selector.js';
import { applyColumnScaling, fitColumnScaling } from './standardizeColumns.js';

/** The largest number of components considered. */
export const PCA_MAX_COMPONENTS = 10;

const rowsOf = (columns: readonly Float64Array[], count: number, patients: number): Float64Array[] =>
  Array.from({ length: patients }, (_, m) => Float64Array.from({ length: count }, (_, c) => columns[c][m]));

export function fitPcaSelector(input: SelectorInput): FittedSelection {
  const { candidates, labels, trainingRows, options } = input;
  const continuous = Array.from(candidates.keys()).filter((j) => candidates[j].kind === 'continuous');
  if (continuous.length === 0) throw new RangeError('the pca selector needs continuous candidate features');
  const columns = continuous.map((j) => candidates[j].values);
  const trainLabels = Array.from(trainingRows, (i) => labels[i]);
  const folds = stratifiedKFold(trainLabels, options.cvFolds, deriveSeed(input.seed, 'pca-cv'));
  const smallestTrain = Math.min(...folds.map((f) => f.train.length));
  const maxK = Math.min(PCA_MAX_COMPONENTS, continuous.length, smallestTrain - 1);
  const lr = CLASSIFIER_SPECS.lr;

  const aucSums = new Float64Array(maxK);
  for (const fold of folds) {
    const trainRows = Int32Array.from(fold.train, (m) => trainingRows[m]);
    const testRows = Int32Array.from(fold.test, (m) => trainingRows[m]);
    const scaled = applyColumnScaling(columns, fitColumnScaling(columns, trainRows));
    const pca = fitPcaColumns(scaled, trainRows, maxK);
    const trainScores = transformPcaColumns(pca, scaled, trainRows);
    const testScores = transformPcaColumns(pca, scaled, testRows);
    const yTrain = Uint8Array.from(trainRows, (i) => labels[i]);
    const yTest = Uint8Array.from(testRows, (i) => labels[i]);
    for (let k = 1; k <= maxK; k++) {
      const model = lr.fit(rowsOf(trainScores, k, trainRows.length), yTrain, { C: 1 }, 0);
      aucSums[k - 1] += aucMannWhitney(model.score(rowsOf(testScores, k, testRows.length)), yTest);
    }
  }
  let best = 0;
  for (let k = 1; k < maxK; k++) if (aucSums[k] > aucSums[best]) best = k;
  const count = best + 1;

  const scaling = fitColumnScaling(columns, trainingRows);
  const pca = fitPcaColumns(applyColumnScaling(columns, scaling), trainingRows, count);
  const outputs = Array.from({ length: count }, (_, c) => `pc${c + 1}`);
  return {
    kind: 'pca',
    selected: continuous,
    scores: Object.fromEntries(outputs.map((name, c) => [name, pca.explainedVarianceRatio[c]])),
    details: { components: count, maxComponents: maxK, cvAuc: aucSums[best] / folds.length },
    projection: {
      inputs: continuous.map((j) => candidates[j].name),
      center: scaling.center,
      scale: scaling.scale,
      components: pca.components,
      outputs,
    },
  };
}

export const pcaSpec: SelectorSpec = {
  kind: 'pca',
  description: 'principal components of the reliable features, the count chosen by inner CV AUC',
  scoreLabel: 'Explained variance share',
  summarize: (r) =>
    `${r.candidates} candidate inputs; the first ${String(r.details.components)} principal components of the ` +
    `continuous ones (count chosen by inner CV AUC ${Number(r.details.cvAuc).toFixed(3)} among 1–${String(r.details.maxComponents)}) are the model's imaging inputs.`,
  fit: fitPcaSelector,
};
