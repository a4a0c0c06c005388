/**
 * Candidates ranked by whether the class moves their location or changes their spread: per
 * continuous candidate the smaller of the Welch t-test p (location) and the Brown–Forsythe p
 * (spread), doubled (Bonferroni over the two tests); categorical candidates by chi-square / Fisher.
 * The k smallest are kept. Offered by the pipeline search beside the paper's Welch + mRMR, which can
 * only find features whose class means differ: a heterogeneity feature whose values scatter more in
 * one class passes neither the Welch gate nor, at cohort sizes, the noisy mutual information.
 */
import { brownForsytheColumns } from '../stats/brownForsythe.js';
import { candidatePValues } from './candidateTests.js';
import type { FittedSelection, SelectorInput, SelectorSpec } from './selector.js';

/** Per candidate: min(1, 2 · min(p_location, p_spread)), or the categorical test's p. */
export function locationScalePValues(input: Omit<SelectorInput, 'options' | 'seed'>): Float64Array {
  const { candidates, labels, trainingRows } = input;
  // Welch for continuous candidates, chi-square / Fisher for categorical ones.
  const p = candidatePValues(candidates, labels, trainingRows, 'welch');
  const continuous = candidates.flatMap((c, j) => (c.kind === 'continuous' ? [j] : []));
  const spread = brownForsytheColumns(
    continuous.map((j) => candidates[j].values),
    trainingRows,
    labels,
  );
  continuous.forEach((j, k) => (p[j] = Math.min(1, 2 * Math.min(p[j], spread[k]))));
  return p;
}

export function fitLocationScale(input: SelectorInput): FittedSelection {
  const pValues = locationScalePValues(input);
  const order = Array.from(input.candidates.keys()).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const selected = order.slice(0, Math.max(1, Math.min(input.options.mrmrK, order.length)));
  return {
    kind: 'location-scale',
    selected,
    passedFilter: order.filter((j) => pValues[j] < input.options.pThreshold).length,
    scores: Object.fromEntries(selected.map((j) => [input.candidates[j].name, pValues[j]])),
    details: { k: input.options.mrmrK, pThreshold: input.options.pThreshold },
  };
}

export const locationScaleSpec: SelectorSpec = {
  kind: 'location-scale',
  description:
    'the k candidates with the smallest location-or-spread p (Welch t-test or Brown–Forsythe, Bonferroni ×2)',
  scoreLabel: 'Training p (location or spread)',
  summarize: (r) =>
    `${r.candidates} candidate inputs, ranked by the smaller of the Welch t-test (location) and the ` +
    `Brown–Forsythe test (spread) p, doubled; ${r.passedFilter ?? '–'} had p < ${String(r.details.pThreshold)}; ` +
    `the k = ${String(r.details.k)} smallest were kept.`,
  fit: fitLocationScale,
};
