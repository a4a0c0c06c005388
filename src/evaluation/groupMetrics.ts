/**
 * The metrics of one task's frozen probabilities on one group of new patients (a site, or all of
 * them): discrimination, the stored threshold's sensitivity and specificity, calibration with its
 * uncertainty, the reliability diagram with per-bin Wilson CIs, the ROC curve and the decision curve.
 *
 * Choices:
 * - The threshold is the model's stored one (Youden on its training rows); it is never re-optimised
 *   on the new patients, or the sensitivity reported would be optimistic.
 * - Reliability bins: equal width (the artifact's calibrationBins, 10 by default), one entry per
 *   non-empty bin as stats/calibrationMetrics.ts; a bin of fewer than FEW_PATIENTS_PER_BIN patients is
 *   flagged, its observed rate being too noisy to read alone.
 * - Callers pass non-empty groups. Undefined values (no positives, a class of one, a calibration fit without optimum) are NaN,
 *   written as null in JSON, never thrown.
 */
import type { BinaryLabels } from '../stats/binaryInput.js';
import { brierScore, expectedCalibrationError, reliabilityBins } from '../stats/calibrationMetrics.js';
import { aucWithDeLongCi } from '../stats/delong.js';
import { rocCurve, type RocPoint } from '../stats/roc.js';
import { confusionAtThreshold } from '../stats/youden.js';
import { calibrationInference, type CalibrationInference } from './calibrationInference.js';
import { decisionCurve, type NetBenefitPoint } from './decisionCurve.js';
import { proportionWithCi, wilsonInterval, type Proportion } from './wilsonInterval.js';

/** Bins with fewer patients are marked in the reliability diagram. */
export const FEW_PATIENTS_PER_BIN = 10;

export interface ReliabilityBinWithCi {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
  /** Wilson 95% CI of the observed rate. */
  observedCi95: [number, number];
  /** Fewer than FEW_PATIENTS_PER_BIN patients. */
  fewPatients: boolean;
}

export interface GroupMetrics {
  n: number;
  nPositive: number;
  auc: number;
  aucCi95: [number, number];
  aucStandardError: number;
  threshold: number;
  sensitivity: Proportion;
  specificity: Proportion;
  brier: number;
  calibration: CalibrationInference;
  ece: number;
  reliability: ReliabilityBinWithCi[];
  roc: RocPoint[];
  decisionCurve: NetBenefitPoint[];
}

/** Reliability bins with the Wilson CI of each observed rate. */
export function reliabilityBinsWithCi(
  probabilities: ArrayLike<number>,
  labels: BinaryLabels,
  bins: number,
): ReliabilityBinWithCi[] {
  return reliabilityBins(probabilities, labels, bins).map((bin) => ({
    ...bin,
    // count·rate is an integer count of positives; rounding removes the division's last-bit error.
    observedCi95: wilsonInterval(Math.round(bin.observedRate * bin.count), bin.count),
    fewPatients: bin.count < FEW_PATIENTS_PER_BIN,
  }));
}

export function groupMetrics(
  probabilities: ArrayLike<number>,
  labels: BinaryLabels,
  threshold: number,
  bins = 10,
): GroupMetrics {
  // brierScore validates lengths, labels and the [0, 1] range before anything else runs.
  const brier = brierScore(probabilities, labels);
  const { auc, se, ci95 } = aucWithDeLongCi(probabilities, labels);
  const confusion = confusionAtThreshold(probabilities, labels, threshold);
  return {
    n: labels.length,
    nPositive: confusion.tp + confusion.fn,
    auc,
    aucCi95: ci95,
    aucStandardError: se,
    threshold,
    sensitivity: proportionWithCi(confusion.tp, confusion.tp + confusion.fn),
    specificity: proportionWithCi(confusion.tn, confusion.tn + confusion.fp),
    brier,
    calibration: calibrationInference(probabilities, labels),
    ece: expectedCalibrationError(probabilities, labels, bins),
    reliability: reliabilityBinsWithCi(probabilities, labels, bins),
    roc: rocCurve(probabilities, labels),
    decisionCurve: decisionCurve(probabilities, labels),
  };
}
