/**
 * Stage 3 (per one-vs-rest task, training rows only): Welch t-test keeps features with p below the
 * threshold, then mRMR on equal-frequency-discretised values picks the top k. z-scoring is left to
 * the classifier stage: neither the t statistic nor rank-based bins change under it.
 */
import { equalFrequencyBins } from '../stats/discretize.js';
import { mrmrSelect } from '../stats/mrmr.js';
import { welchTTestColumns } from '../stats/tTest.js';

export interface SelectionOptions {
  pThreshold: number;
  k: number;
  criterion: 'MID' | 'MIQ';
  bins: number;
}

export interface FeatureSelection {
  /** Indices into the candidate list, in mRMR order. */
  selected: number[];
  pValues: Float64Array;
  passedTTest: number;
}

/**
 * @param columns candidate feature columns over all patients (only `trainingRows` are read)
 * @param labels one-vs-rest labels over all patients
 */
export function selectFeatures(
  columns: readonly Float64Array[],
  labels: Uint8Array,
  trainingRows: Int32Array,
  options: SelectionOptions,
): FeatureSelection {
  const pValues = welchTTestColumns(columns, trainingRows, labels);
  let passing: number[] = [];
  for (let j = 0; j < columns.length; j++) if (pValues[j] < options.pThreshold) passing.push(j);
  const passedTTest = passing.length;
  // With no feature under the threshold the task would have no radiomic input at all; fall back to the
  // 2k smallest p-values so mRMR still has something to rank (recorded as passedTTest = 0).
  if (passing.length === 0) {
    passing = Array.from(columns.keys())
      .sort((a, b) => pValues[a] - pValues[b] || a - b)
      .slice(0, 2 * options.k);
  }
  const trainingLabels = Int32Array.from(trainingRows, (i) => labels[i]);
  const codes = passing.map((j) => equalFrequencyBins(columns[j], trainingRows, options.bins));
  const chosen = mrmrSelect(codes, trainingLabels, {
    k: Math.min(options.k, passing.length),
    criterion: options.criterion,
  });
  return { selected: Array.from(chosen.selected, (c) => passing[c]), pValues, passedTTest };
}
