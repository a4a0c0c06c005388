/**
 * Everything the artifact stores about one classifier on one set (SetMetrics), from calibrated
 * probabilities and 0/1 labels.
 *
 * Choices:
 * - AUC is the Mann-Whitney AUC (ties half); ci95 and aucStandardError are DeLong's, the CI clipped
 *   to [0, 1] (stats/delong.ts).
 * - sensitivity / specificity / accuracy are at `trainingThreshold`, the Youden threshold fixed on
 *   the training set (predict positive when p ≥ threshold); on the training set itself pass that
 *   set's own Youden threshold. They are never re-optimised on validation data.
 * - Calibration: Brier, calibration-in-the-large intercept and slope, ECE and reliability bins with
 *   `bins` equal-width bins (default 10); see stats/calibrationMetrics.ts.
 * - The ROC curve is stored exactly (one point per distinct probability; sets here have at most a
 *   few hundred patients), its first threshold a finite sentinel above every probability.
 * - Undefined values are NaN, never thrown: no positives → sensitivity, AUC, CI NaN; a class of one →
 *   SE/CI NaN; non-converging calibration fit → intercept/slope NaN. JSON.stringify writes NaN (and
 *   ±Infinity) as null, so the artifact writer/reader must accept null in these number fields.
 */
import type { BinaryLabels } from '../stats/binaryInput.js';
import {
  brierScore,
  calibrationInterceptSlope,
  expectedCalibrationError,
  reliabilityBins,
  type ReliabilityBin,
} from '../stats/calibrationMetrics.js';
import { aucWithDeLongCi } from '../stats/delong.js';
import { rocCurve, type RocPoint } from '../stats/roc.js';
import { confusionAtThreshold } from '../stats/youden.js';

/** Everything the artifact stores about one classifier's calibrated probabilities on one set. */
export interface SetMetrics {
  n: number;
  nPositive: number;
  auc: number;
  /** DeLong 95% confidence interval [lo, hi]. */
  ci95: [number, number];
  aucStandardError: number;
  /** At the Youden threshold fixed on the training set. */
  threshold: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  brier: number;
  calibrationIntercept: number;
  calibrationSlope: number;
  ece: number;
  roc: RocPoint[];
  reliability: ReliabilityBin[];
}

export interface EvaluateBinaryOptions {
  /** Equal-width calibration bins for ECE and the reliability diagram (default 10). */
  bins?: number;
}

export function evaluateBinary(
  probabilities: ArrayLike<number>,
  labels: BinaryLabels,
  trainingThreshold: number,
  options: EvaluateBinaryOptions = {},
): SetMetrics {
  const bins = options.bins ?? 10;
  // brierScore validates lengths, labels and the [0, 1] range before anything else runs.
  const brier = brierScore(probabilities, labels);
  const { auc, se, ci95 } = aucWithDeLongCi(probabilities, labels);
  const confusion = confusionAtThreshold(probabilities, labels, trainingThreshold);
  const calibration = calibrationInterceptSlope(probabilities, labels);
  return {
    n: labels.length,
    nPositive: confusion.tp + confusion.fn,
    auc,
    ci95,
    aucStandardError: se,
    threshold: trainingThreshold,
    sensitivity: confusion.sensitivity,
    specificity: confusion.specificity,
    accuracy: confusion.accuracy,
    brier,
    calibrationIntercept: calibration.intercept,
    calibrationSlope: calibration.slope,
    ece: expectedCalibrationError(probabilities, labels, bins),
    roc: rocCurve(probabilities, labels),
    reliability: reliabilityBins(probabilities, labels, bins),
  };
}
