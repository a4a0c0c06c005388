/**
 * Youden-optimal threshold and confusion counts at a fixed threshold.
 *
 * Definitions:
 * - A case is predicted positive when score ≥ threshold (the rule used by rocCurve).
 * - Youden's J = sensitivity + specificity − 1, maximised over the ROC thresholds, i.e. the distinct
 *   observed scores (the ROC's "nobody positive" sentinel has J = 0 and is considered too, so a
 *   useless score still yields a defined answer). The threshold is an observed score, not the
 *   midpoint between neighbours (pROC's convention): applied to new data, "≥ the lowest positive-
 *   called training score" is the same rule sklearn's roc_curve thresholds express.
 * - Ties in J are broken towards the HIGHER threshold (fewer positive calls, higher specificity).
 *   J is compared exactly in integers, J·n₁·n₀ = TP·n₀ + TN·n₁ − n₁·n₀, so rounding cannot pick a
 *   different threshold than hand calculation would.
 * - confusionAtThreshold applies a (training) threshold to any set. sensitivity = TP/(TP+FN) is NaN
 *   when the set has no positives, specificity = TN/(TN+FP) NaN without negatives, accuracy NaN for an
 *   empty set. NaN becomes null in JSON; the artifact writer must accept that.
 * - youdenThreshold needs both classes; otherwise every field is NaN.
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from './binaryInput.js';
import { rocCurve } from './roc.js';

export interface YoudenResult {
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** Youden's J = sensitivity + specificity − 1. */
  j: number;
}

export function youdenThreshold(scores: Scores, labels: BinaryLabels): YoudenResult {
  const { nPositive, nNegative } = checkBinaryInput(scores, labels);
  if (nPositive === 0 || nNegative === 0)
    return { threshold: NaN, sensitivity: NaN, specificity: NaN, j: NaN };
  const roc = rocCurve(scores, labels);
  let bestIndex = 0;
  let bestScaledJ = -Infinity;
  for (let k = 0; k < roc.length; k++) {
    // Recover the integer counts from the rates (exact: the rates are count/n quotients).
    const truePositives = Math.round(roc[k].tpr * nPositive);
    const trueNegatives = nNegative - Math.round(roc[k].fpr * nNegative);
    const scaledJ = truePositives * nNegative + trueNegatives * nPositive - nPositive * nNegative;
    // Strictly greater: on a tie keep the earlier point, which has the higher threshold.
    if (scaledJ > bestScaledJ) {
      bestScaledJ = scaledJ;
      bestIndex = k;
    }
  }
  const best = roc[bestIndex];
  const sensitivity = best.tpr;
  const specificity = 1 - best.fpr;
  return { threshold: best.threshold, sensitivity, specificity, j: sensitivity + specificity - 1 };
}

export interface Confusion {
  sensitivity: number;
  specificity: number;
  accuracy: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusionAtThreshold(scores: Scores, labels: BinaryLabels, threshold: number): Confusion {
  checkBinaryInput(scores, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predictedPositive = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (predictedPositive) tp++;
      else fn++;
    } else if (predictedPositive) fp++;
    else tn++;
  }
  return {
    sensitivity: tp / (tp + fn),
    specificity: tn / (tn + fp),
    accuracy: (tp + tn) / (tp + fp + tn + fn),
    tp,
    fp,
    tn,
    fn,
  };
}
