/**
 * Shen et al.'s selection: every candidate whose univariate test on training rows gives p below the
 * threshold enters the multivariate model (Mann–Whitney U or Welch for continuous features,
 * chi-square / Fisher for categorical ones), ordered by p. When none passes, the single smallest p is
 * kept so the task still has an imaging input (recorded as passedFilter = 0).
 */
import { candidatePValues, testName } from './candidateTests.js';
import type { FittedSelection, SelectorInput, SelectorSpec } from './selector.js';

export function fitUnivariate(input: SelectorInput): FittedSelection {
  const { candidates, labels, trainingRows, options } = input;
  const pValues = candidatePValues(candidates, labels, trainingRows, options.univariateTest);
  const order = Array.from(candidates.keys()).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const passing = order.filter((j) => pValues[j] < options.pThreshold);
  const selected = passing.length > 0 ? passing : order.slice(0, 1);
  return {
    kind: 'univariate',
    selected,
    passedFilter: passing.length,
    scores: Object.fromEntries(selected.map((j) => [candidates[j].name, pValues[j]])),
    details: { test: options.univariateTest, pThreshold: options.pThreshold },
  };
}

export const univariateSpec: SelectorSpec = {
  kind: 'univariate',
  description: 'every candidate with univariate p < threshold (Shen et al.)',
  scoreLabel: 'Training p',
  summarize: (r) =>
    `${r.candidates} candidate inputs; ${r.passedFilter ?? '–'} passed the ${testName(r.details.test)} ` +
    `(p < ${String(r.details.pThreshold)}) and all of them entered the model.`,
  fit: fitUnivariate,
};
