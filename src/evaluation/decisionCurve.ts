/**
 * Decision-curve analysis (Vickers & Elkin, Med Decis Making 2006;26:565): the net benefit of
 * treating the patients whose predicted probability is at least the threshold probability pt,
 *
 *   NB(pt) = TP/n − FP/n · pt/(1 − pt),
 *
 * against the two default strategies: treat none (NB = 0) and treat all
 * (NB = prevalence − (1 − prevalence) · pt/(1 − pt)). The odds pt/(1 − pt) is the exchange rate of
 * false against true positives a clinician accepts when they choose pt as the threshold.
 *
 * Choices: "predicted positive" is p ≥ pt, the rule of the ROC curve and the stored threshold
 * (stats/youden.ts) and of the dcurves R/Python package. Thresholds must lie in [0, 1); the default
 * grid is 0.01, 0.02, …, 0.99. An empty input gives NaN net benefits.
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from '../stats/binaryInput.js';

export interface NetBenefitPoint {
  threshold: number;
  /** Net benefit of treating patients with p ≥ threshold. */
  model: number;
  /** Net benefit of treating everyone. */
  treatAll: number;
  /** Treating no one: always 0, kept so the curve is self-describing. */
  treatNone: number;
}

/** 0.01, 0.02, …, 0.99 (computed as k/100 so the values print exactly). */
export const DEFAULT_DCA_THRESHOLDS: readonly number[] = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** Vickers & Elkin's net benefits at threshold pt, given the true and false positives treated there. */
function netBenefitAt(pt: number, tp: number, fp: number, n: number, prevalence: number): NetBenefitPoint {
  const odds = pt / (1 - pt);
  return {
    threshold: pt,
    model: tp / n - (fp / n) * odds,
    treatAll: prevalence - (1 - prevalence) * odds,
    treatNone: 0,
  };
}

export function decisionCurve(
  probabilities: Scores,
  labels: BinaryLabels,
  thresholds: readonly number[] = DEFAULT_DCA_THRESHOLDS,
): NetBenefitPoint[] {
  const { nPositive } = checkBinaryInput(probabilities, labels, 'probabilities');
  const n = labels.length;
  const prevalence = nPositive / n;
  return thresholds.map((pt) => {
    if (!(pt >= 0 && pt < 1)) throw new RangeError(`threshold ${pt} is outside [0, 1)`);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i] >= pt) {
        if (labels[i] === 1) tp++;
        else fp++;
      }
    }
    return netBenefitAt(pt, tp, fp, n, prevalence);
  });
}

/** One point of a stored ROC curve: the rates among cases with score ≥ threshold. */
export interface RocRates {
  threshold: number;
  fpr: number;
  tpr: number;
}

/**
 * The same decision curve from a stored ROC curve (the artifact keeps one point per distinct
 * probability, not the probabilities). At pt, the patients treated are those with p ≥ pt, i.e. the
 * ROC point with the smallest threshold ≥ pt (no probability lies between the two), so
 * TP = tpr·nPositive and FP = fpr·nNegative there; above every threshold nobody is treated.
 * Exact when the ROC curve is complete; counts are rounded to integers against rounding in the rates.
 */
export function decisionCurveFromRoc(
  roc: readonly RocRates[],
  n: number,
  nPositive: number,
  thresholds: readonly number[] = DEFAULT_DCA_THRESHOLDS,
): NetBenefitPoint[] {
  const nNegative = n - nPositive;
  const points = [...roc].sort((a, b) => a.threshold - b.threshold);
  const prevalence = nPositive / n;
  return thresholds.map((pt) => {
    if (!(pt >= 0 && pt < 1)) throw new RangeError(`threshold ${pt} is outside [0, 1)`);
    const at = points.find((p) => p.threshold >= pt);
    const tp = at && nPositive > 0 ? Math.round(at.tpr * nPositive) : 0;
    const fp = at && nNegative > 0 ? Math.round(at.fpr * nNegative) : 0;
    return netBenefitAt(pt, tp, fp, n, prevalence);
  });
}
