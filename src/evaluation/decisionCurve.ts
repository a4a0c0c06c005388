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
    const odds = pt / (1 - pt);
    return {
      threshold: pt,
      model: tp / n - (fp / n) * odds,
      treatAll: prevalence - (1 - prevalence) * odds,
      treatNone: 0,
    };
  });
}
