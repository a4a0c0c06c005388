/**
 * Univariate association of each candidate with the task label on training rows: a continuous
 * candidate by the configured two-sample test (Welch t-test or Mann–Whitney U), a categorical one by
 * chi-square, or Fisher's exact test when an expected count is small.
 */
import { welchTTestColumns } from '../stats/tTest.js';
import { mannWhitneyColumns } from '../stats/mannWhitney.js';
import { categoricalAssociationColumns } from './categoricalAssociation.js';
import type { SelectionCandidate, SelectorOptions } from './selector.js';

export function candidatePValues(
  candidates: readonly SelectionCandidate[],
  labels: Uint8Array,
  trainingRows: Int32Array,
  test: SelectorOptions['univariateTest'],
): Float64Array {
  const p = new Float64Array(candidates.length);
  const continuous = candidates.flatMap((c, j) => (c.kind === 'continuous' ? [j] : []));
  const columns = continuous.map((j) => candidates[j].values);
  const continuousP =
    test === 'welch'
      ? welchTTestColumns(columns, trainingRows, labels)
      : mannWhitneyColumns(columns, trainingRows, labels);
  continuous.forEach((j, k) => (p[j] = continuousP[k]));
  const categorical = candidates.flatMap((c, j) => (c.kind === 'categorical' ? [j] : []));
  const categoricalP = categoricalAssociationColumns(
    categorical.map((j) => candidates[j].values),
    trainingRows,
    labels,
  );
  categorical.forEach((j, k) => (p[j] = categoricalP[k]));
  return p;
}

/** The tests' names for the report ("Welch t-test / chi-square or Fisher"). */
export function testName(test: unknown): string {
  const continuous = test === 'mann-whitney' ? 'Mann–Whitney U test' : 'Welch t-test';
  return `${continuous} (chi-square or Fisher's exact test for categorical inputs)`;
}
