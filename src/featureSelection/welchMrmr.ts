/**
 * Hou et al. 2025's selection, per task on training rows: a univariate test keeps candidates with
 * p below the threshold (Welch t-test for continuous features; chi-square / Fisher for categorical
 * ones), then mRMR on equal-frequency-discretised values picks the top k (a categorical candidate
 * enters mRMR by its level codes, which are already discrete).
 */
import { equalFrequencyBins } from './discretize.js';
import { mrmrSelect } from './mrmr.js';
import { candidatePValues, testName } from './candidateTests.js';
import type { FittedSelection, SelectorInput, SelectorSpec } from './selector.js';

export function fitWelchMrmr(input: SelectorInput): FittedSelection {
  const { candidates, labels, trainingRows, options } = input;
  const pValues = candidatePValues(candidates, labels, trainingRows, options.univariateTest);
  let passing: number[] = [];
  for (let j = 0; j < candidates.length; j++) if (pValues[j] < options.pThreshold) passing.push(j);
  const passedFilter = passing.length;
  // With no candidate under the threshold the task would have no radiomic input at all; fall back to
  // the 2k smallest p-values so mRMR still has something to rank (recorded as passedFilter = 0).
  if (passing.length === 0) {
    passing = Array.from(candidates.keys())
      .sort((a, b) => pValues[a] - pValues[b] || a - b)
      .slice(0, 2 * options.mrmrK);
  }
  const trainingLabels = Int32Array.from(trainingRows, (i) => labels[i]);
  const codes = passing.map((j) =>
    candidates[j].kind === 'categorical'
      ? Int32Array.from(trainingRows, (i) => candidates[j].values[i])
      : equalFrequencyBins(candidates[j].values, trainingRows, options.mrmrBins),
  );
  const chosen = mrmrSelect(codes, trainingLabels, {
    k: Math.min(options.mrmrK, passing.length),
    criterion: options.mrmrCriterion,
  });
  const selected = Array.from(chosen.selected, (c) => passing[c]);
  return {
    kind: 'welch-mrmr',
    selected,
    passedFilter,
    scores: Object.fromEntries(selected.map((j) => [candidates[j].name, pValues[j]])),
    details: {
      test: options.univariateTest,
      pThreshold: options.pThreshold,
      mrmrCriterion: options.mrmrCriterion,
      k: options.mrmrK,
    },
  };
}

export const welchMrmrSpec: SelectorSpec = {
  kind: 'welch-mrmr',
  description: 'univariate test (p < threshold), then mRMR to k features (Hou et al. 2025)',
  scoreLabel: 'Training p',
  summarize: (r) =>
    `${r.candidates} candidate inputs; ${r.passedFilter ?? '–'} passed the ${testName(r.details.test)} ` +
    `(p < ${String(r.details.pThreshold)}); mRMR (${String(r.details.mrmrCriterion)}) kept k = ${String(r.details.k)}.`,
  fit: fitWelchMrmr,
};
