/**
 * Area under the ROC curve as the Mann-Whitney statistic:
 *   AUC = U / (n₁·n₀) = P(score of a random positive > score of a random negative)
 *                      + ½·P(the two scores tie),
 * computed in O(n log n) from midranks: U = R₁ − n₁(n₁+1)/2 with R₁ the sum of the positives'
 * midranks over all scores. This equals the trapezoidal area under rocCurve (ties are one diagonal
 * step there, i.e. counted half).
 *
 * Higher scores mean "more likely positive". Without positives or without negatives the AUC is
 * undefined and NaN is returned (not 0.5, which would look like a real, uninformative result).
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from './binaryInput.js';
import { midranks } from './midranks.js';

export function aucMannWhitney(scores: Scores, labels: BinaryLabels): number {
  const { nPositive, nNegative } = checkBinaryInput(scores, labels);
  if (nPositive === 0 || nNegative === 0) return NaN;
  const ranks = midranks(scores);
  let positiveRankSum = 0;
  for (let i = 0; i < ranks.length; i++) if (labels[i] === 1) positiveRankSum += ranks[i];
  const u = positiveRankSum - (nPositive * (nPositive + 1)) / 2;
  return u / (nPositive * nNegative);
}
