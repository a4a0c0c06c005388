/**
 * The lasso selector: L1-penalised logistic regression on the z-scored candidates (a categorical
 * candidate enters as its one-hot dummies), the penalty chosen by stratified inner CV AUC on the
 * task's training rows (ties to the sparser model); the candidates with a nonzero coefficient at that
 * penalty are selected, largest |coefficient| first (a categorical candidate by its largest dummy).
 * When the chosen penalty keeps nothing, the first candidate to enter the path is kept, so the task
 * still has an imaging input (recorded as passedFilter = 0).
 */
import { deriveSeed } from '../stats/random.js';
import { lassoLambdaByCv, lassoLogisticFit, lassoLogisticPath } from './lassoLogistic.js';
import { candidateDesignColumns } from './designColumns.js';
import type { FittedSelection, SelectorInput, SelectorSpec } from './selector.js';
import { applyColumnScaling, fitColumnScaling } from './standardizeColumns.js';

export function fitLasso(input: SelectorInput): FittedSelection {
  const { candidates, labels, trainingRows, options } = input;
  const design = candidateDesignColumns(candidates);
  const scaled = applyColumnScaling(design.columns, fitColumnScaling(design.columns, trainingRows));
  const cv = lassoLambdaByCv(scaled, trainingRows, labels, {
    folds: options.cvFolds,
    seed: deriveSeed(input.seed, 'lasso-cv'),
    nLambda: 20,
  });
  const fit = lassoLogisticFit(scaled, trainingRows, labels, cv.lambda);
  const strength = new Float64Array(candidates.length);
  fit.coefficients.forEach((w, d) => {
    const j = design.owner[d];
    strength[j] = Math.max(strength[j], Math.abs(w));
  });
  let selected = Array.from(candidates.keys())
    .filter((j) => strength[j] > 0)
    .sort((a, b) => strength[b] - strength[a] || a - b);
  const passedFilter = selected.length;
  if (selected.length === 0) {
    // The first input to leave zero along the decreasing path.
    const path = lassoLogisticPath(scaled, trainingRows, labels, { lambdas: Array.from(cv.lambdas) });
    const entering = path.map((p) => p.coefficients.findIndex((w) => w !== 0)).find((d) => d >= 0);
    selected = [entering === undefined ? 0 : design.owner[entering]];
  }
  return {
    kind: 'lasso',
    selected,
    passedFilter,
    scores: Object.fromEntries(selected.map((j) => [candidates[j].name, strength[j]])),
    details: { lambda: cv.lambda, cvAuc: cv.meanAuc[cv.bestIndex], lambdas: cv.lambdas.length },
  };
}

export const lassoSpec: SelectorSpec = {
  kind: 'lasso',
  description: 'L1-penalised logistic regression, penalty by inner CV AUC; nonzero coefficients are selected',
  scoreLabel: '|coefficient| (z-scored)',
  summarize: (r) =>
    `${r.candidates} candidate inputs; the lasso penalty λ = ${Number(r.details.lambda).toPrecision(3)} ` +
    `(chosen by inner CV AUC ${Number(r.details.cvAuc).toFixed(3)}) kept ${r.passedFilter ?? '–'} of them.`,
  fit: fitLasso,
};
