/**
 * Cumulative/dynamic time-dependent ROC at a horizon t with inverse-probability-of-censoring weights,
 * as R's timeROC(T, delta, marker, cause = 1, weighting = "marginal", times = t, iid = TRUE)
 * (Blanche, Dartigues & Jacqmin-Gadda, Stat Med 2013):
 * - cases: T_i ≤ t with an event, weight 1/G(T_i−); controls: T_j > t, weight 1/G(t), where G is the
 *   Kaplan–Meier estimate of the censoring survival. (timeROC's code tests T_i < t for cases; the two
 *   differ only for an event exactly at the horizon, where the cumulative definition says "case".)
 * - sensitivity(c) = Σ_cases w_i·1{M_i ≥ c} / Σ_cases w_i; specificity(c) = share of controls with
 *   M_j < c; AUC = the weighted Mann–Whitney Σ_ij w_i (1{M_i > M_j} + ½·1{M_i = M_j}) / (Σ w_i · n_controls),
 *   which is exactly timeROC's trapezoidal area under its (FP, TP) points.
 * - se: timeROC's iid-representation standard error (timeRocInfluence.ts); ci95 = AUC ± z·se, as
 *   confint.ipcwsurvivalROC (no transformation, so it can leave [0, 1] in small samples).
 * - youden: the cut-off maximising sensitivity + specificity − 1 over the distinct marker values
 *   (positive when marker ≥ cut-off, as src/stats/youden.ts); ties go to the higher cut-off.
 */
import { normalQuantile } from '../stats/normal.js';
import { censoringSurvival } from './censoringWeights.js';
import { requireSameLength, survivalData } from './survivalInput.js';
import { timeRocInfluence } from './timeRocInfluence.js';

export interface TimeDependentRocOptions {
  /** Level of the AUC confidence interval (default 0.95). */
  confLevel?: number;
}

export interface TimeDependentRoc {
  horizon: number;
  auc: number;
  /** timeROC's iid-representation standard error of the AUC. */
  se: number;
  ci95: [number, number];
  /** Distinct marker values, ascending; a patient is "positive" at cut-off c when marker ≥ c. */
  cutoffs: number[];
  sensitivity: number[];
  specificity: number[];
  youden: { cutoff: number; sensitivity: number; specificity: number };
  /** Observed cases (event by the horizon) and controls (still event-free after it). */
  cases: number;
  controls: number;
  /** IPCW estimates of P(T ≤ t) and P(T > t) (timeROC's CumulativeIncidence and survProb). */
  cumulativeIncidence: number;
  survivalProbability: number;
}

/** Time-dependent ROC at `horizon`; throws RangeError on bad input or without cases or controls. */
export function timeDependentRoc(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  marker: ArrayLike<number>,
  horizon: number,
  options: TimeDependentRocOptions = {},
): TimeDependentRoc {
  const what = 'timeDependentRoc';
  const data = survivalData(time, event, what);
  const n = data.time.length;
  requireSameLength(marker, n, 'marker', what);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(marker[i]))
      throw new RangeError(`${what}: marker[${i}] = ${marker[i]} is not finite`);
  }
  if (!(Number.isFinite(horizon) && horizon > 0))
    throw new RangeError(`${what}: horizon ${horizon} must be > 0`);
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new RangeError(`${what}: confLevel ${confLevel} must be in (0, 1)`);
  const isCase = (i: number) => data.time[i] <= horizon && data.event[i] === 1;
  const isControl = (i: number) => data.time[i] > horizon;
  const cases = [...Array(n).keys()].filter(isCase);
  const controls = [...Array(n).keys()].filter(isControl);
  if (cases.length === 0)
    throw new RangeError(`${what}: no events by the horizon ${horizon}; AUC is undefined`);
  if (controls.length === 0) {
    throw new RangeError(`${what}: nobody is followed beyond the horizon ${horizon}; AUC is undefined`);
  }
  const g = censoringSurvival(data);
  const gHorizon = g.at(horizon);
  const caseWeight = cases.map((i) => 1 / g.beforeOwnTime[i]);
  const caseWeightSum = caseWeight.reduce((a, b) => a + b, 0);
  let concordance = 0;
  cases.forEach((i, k) => {
    for (const j of controls) {
      const mi = marker[i];
      const mj = marker[j];
      concordance += caseWeight[k] * (mi > mj ? 1 : mi === mj ? 0.5 : 0);
    }
  });
  const auc = concordance / (caseWeightSum * controls.length);
  const cumulativeIncidence = caseWeightSum / n;
  const survivalProbability = controls.length / (n * gHorizon);
  const se = timeRocInfluence(data, marker, horizon, g, cumulativeIncidence, survivalProbability).se;
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const cutoffs = [...new Set(Array.from(marker))].sort((a, b) => a - b);
  const sensitivity = cutoffs.map(
    (c) => cases.reduce((sum, i, k) => sum + (marker[i] >= c ? caseWeight[k] : 0), 0) / caseWeightSum,
  );
  const specificity = cutoffs.map((c) => controls.filter((j) => marker[j] < c).length / controls.length);
  let best = 0;
  for (let k = 1; k < cutoffs.length; k++) {
    // ≥ with a rounding tolerance: equal J goes to the higher cut-off
    if (sensitivity[k] + specificity[k] >= sensitivity[best] + specificity[best] - 1e-12) best = k;
  }
  return {
    horizon,
    auc,
    se,
    ci95: [auc - z * se, auc + z * se],
    cutoffs,
    sensitivity,
    specificity,
    youden: { cutoff: cutoffs[best], sensitivity: sensitivity[best], specificity: specificity[best] },
    cases: cases.length,
    controls: controls.length,
    cumulativeIncidence,
    survivalProbability,
  };
}
