/**
 * Minimum-redundancy maximum-relevance (mRMR) forward selection (Peng, Long & Ding 2005), the
 * second feature screen of Hou et al. 2025, on discretised training data.
 *
 * Inputs: candidateCodes[f][m] = bin code of candidate f on training row m (equalFrequencyBins on
 * the training rows), classCodes[m] = class code of the same row (0/1 for one-vs-rest).
 * Mutual information is the plug-in estimate in nats (mutualInformation.ts).
 *
 * Definition choices:
 * - Relevance D(f) = I(f; y). Step 1 picks argmax D; its recorded score is D.
 * - Later steps, with S the already selected set, redundancy R(f) = mean_{s∈S} I(f; s), and
 *     MID (default): score = D(f) − R(f)
 *     MIQ:           score = D(f) / max(R(f), 1e−5)
 *   The MIQ floor guards the division when f shares no information with S (as the `mrmr`
 *   Python package's FLOOR = 0.00001): those candidates rank by relevance, scaled by 1e5.
 * - Ties go to the lower candidate index (strict > in the argmax), so results are deterministic.
 * - k is capped at the number of candidates; k = 0 selects nothing.
 * - Cost: the redundancy sum of every unselected candidate is updated incrementally with its MI
 *   to the feature selected last, so each pair's MI is computed at most once:
 *   Σ_{s=1}^{k−1} (p − s) evaluations in total (reported as redundancyEvaluations).
 */

import { createPairwiseMutualInformation } from './mutualInformation.js';

export type MrmrCriterion = 'MID' | 'MIQ';

export interface MrmrOptions {
  /** Number of features to select. */
  k: number;
  /** Difference (MID, default) or quotient (MIQ) of relevance and redundancy. */
  criterion?: MrmrCriterion;
}

export interface MrmrResult {
  /** Candidate indices in selection order. */
  selected: Int32Array;
  /** Criterion value of each selected feature at the step it was selected (the first is its relevance). */
  scores: Float64Array;
  /** I(f; y) for every candidate. */
  relevance: Float64Array;
  /** How many feature-feature mutual informations were computed. */
  redundancyEvaluations: number;
}

/** Redundancy floor for MIQ (nats). */
export const MIQ_REDUNDANCY_FLOOR = 1e-5;

/** Greedy mRMR selection of options.k candidates by MID or MIQ. */
export function mrmrSelect(
  candidateCodes: readonly ArrayLike<number>[],
  classCodes: ArrayLike<number>,
  options: MrmrOptions,
): MrmrResult {
  const criterion = options.criterion ?? 'MID';
  if (!Number.isInteger(options.k) || options.k < 0) {
    throw new RangeError(`mRMR k must be a non-negative integer, got ${options.k}`);
  }
  const p = candidateCodes.length;
  const n = classCodes.length;
  const k = Math.min(options.k, p);
  for (let f = 0; f < p; f++) {
    if (candidateCodes[f].length !== n) {
      throw new RangeError(`mRMR candidate ${f} has ${candidateCodes[f].length} rows, class has ${n}`);
    }
  }
  // Coding p is the class, so relevance is mi(f, p) and redundancy mi(f, s).
  const mi = createPairwiseMutualInformation([...candidateCodes, classCodes]);
  const relevance = new Float64Array(p);
  for (let f = 0; f < p; f++) relevance[f] = mi(f, p);
  const selected = new Int32Array(k);
  const scores = new Float64Array(k);

  const isSelected = new Uint8Array(p);
  const redundancySum = new Float64Array(p);
  let redundancyEvaluations = 0;

  for (let step = 0; step < k; step++) {
    const last = step > 0 ? selected[step - 1] : -1;
    let best = -1;
    let bestScore = -Infinity;
    for (let f = 0; f < p; f++) {
      if (isSelected[f]) continue;
      let score: number;
      if (step === 0) {
        score = relevance[f];
      } else {
        redundancySum[f] += mi(f, last);
        redundancyEvaluations++;
        const redundancy = redundancySum[f] / step;
        score =
          criterion === 'MID'
            ? relevance[f] - redundancy
            : relevance[f] / Math.max(redundancy, MIQ_REDUNDANCY_FLOOR);
      }
      if (best < 0 || score > bestScore) {
        best = f;
        bestScore = score;
      }
    }
    selected[step] = best;
    scores[step] = bestScore;
    isSelected[best] = 1;
  }
  return { selected, scores, relevance, redundancyEvaluations };
}
