/**
 * Stratified bootstrap confidence interval for the AUC (an alternative to DeLong).
 *
 * Definitions:
 * - Stratified resampling: each replicate draws n₁ positives with replacement from the positives and
 *   n₀ negatives with replacement from the negatives, so every replicate has both classes and the
 *   class balance of the sample (as pROC's ci.auc(method="bootstrap", stratified=TRUE)).
 * - Replicate AUC: the Mann-Whitney AUC (ties count half).
 * - Percentile interval: the (1 − level)/2 and (1 + level)/2 quantiles of the replicate AUCs with
 *   linear interpolation between order statistics (Hyndman & Fan type 7, R's and numpy's default).
 * - se: the standard deviation (denominator B − 1) of the replicate AUCs.
 * - `auc` is the AUC of the original sample, not the replicate mean.
 * - All randomness comes from createRng(seed): the same inputs and seed give the same interval.
 * - Without positives or negatives everything is NaN.
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from './binaryInput.js';
import { aucMannWhitney } from './auc.js';
import { midranks } from './midranks.js';
import { createRng } from './random.js';

export interface BootstrapAucOptions {
  /** Number of bootstrap replicates (default 2000). */
  replicates?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  seed: number;
}

export interface BootstrapAucCi {
  auc: number;
  /** Standard deviation of the replicate AUCs. */
  se: number;
  /** Percentile interval at `level` (0.95 by default; named like SetMetrics.ci95). */
  ci95: [number, number];
  replicates: number;
}

/** Quantile with linear interpolation between order statistics (type 7) of ascending `sorted`. */
export function quantileSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function bootstrapAucCi(
  scores: Scores,
  labels: BinaryLabels,
  options: BootstrapAucOptions,
): BootstrapAucCi {
  const replicates = options.replicates ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 2)
    throw new RangeError(`replicates must be an integer ≥ 2`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const { nPositive, nNegative } = checkBinaryInput(scores, labels);
  if (nPositive === 0 || nNegative === 0) return { auc: NaN, se: NaN, ci95: [NaN, NaN], replicates };

  const positiveScores = new Float64Array(nPositive);
  const negativeScores = new Float64Array(nNegative);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) positiveScores[p++] = scores[i];
    else negativeScores[q++] = scores[i];
  }

  const rng = createRng(options.seed);
  // Replicate layout: the first nPositive entries are positives, the rest negatives.
  const replicateScores = new Float64Array(nPositive + nNegative);
  const replicateAucs = new Float64Array(replicates);
  const rankSumOffset = (nPositive * (nPositive + 1)) / 2;
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < nPositive; i++) replicateScores[i] = positiveScores[rng.int(nPositive)];
    for (let j = 0; j < nNegative; j++) replicateScores[nPositive + j] = negativeScores[rng.int(nNegative)];
    const ranks = midranks(replicateScores);
    let positiveRankSum = 0;
    for (let i = 0; i < nPositive; i++) positiveRankSum += ranks[i];
    replicateAucs[r] = (positiveRankSum - rankSumOffset) / (nPositive * nNegative);
  }

  let sum = 0;
  for (let r = 0; r < replicates; r++) sum += replicateAucs[r];
  const replicateMean = sum / replicates;
  let squares = 0;
  for (let r = 0; r < replicates; r++) squares += (replicateAucs[r] - replicateMean) ** 2;

  replicateAucs.sort();
  return {
    auc: aucMannWhitney(scores, labels),
    se: Math.sqrt(squares / (replicates - 1)),
    ci95: [quantileSorted(replicateAucs, (1 - level) / 2), quantileSorted(replicateAucs, (1 + level) / 2)],
    replicates,
  };
}
