/**
 * Stage 1: the reliability filter. Continuous features: ICC(2,1); categorical inputs: Cohen's kappa. A feature stays a candidate only if ICC(2,1) between the
 * first reading and each repeat (second reader: inter-observer; first reader again: intra-observer)
 * is above the threshold. ICCs are computed on training rows only, so validation and external values
 * can never change which features survive.
 */
import type { Cohort, RepeatMeasurement } from '../cohort/cohort.js';
import { cohenKappa } from '../stats/cohenKappa.js';
import { iccTwoWayRandom } from '../stats/icc.js';

export interface ReliabilityOutcome {
  /** Indices of the features that pass (all features when no repeat was given). */
  kept: number[];
  iccInter?: Float64Array;
  iccIntra?: Float64Array;
  /** Indices of the categorical columns that pass (all when no repeat was given). */
  keptCategorical: number[];
  kappaInter?: Float64Array;
  kappaIntra?: Float64Array;
}

export interface ReliabilityThresholds {
  iccThreshold: number;
  kappaThreshold: number;
}

export function reliabilityFilter(
  cohort: Cohort,
  repeats: { inter?: RepeatMeasurement; intra?: RepeatMeasurement },
  trainingRows: Int32Array,
  thresholds: ReliabilityThresholds,
): ReliabilityOutcome {
  const threshold = thresholds.iccThreshold;
  const restrict = (columns: readonly Float64Array[]) =>
    columns.map((column) => Float64Array.from(trainingRows, (i) => column[i]));
  const first = restrict(cohort.features);
  const iccAgainst = (repeat?: RepeatMeasurement) =>
    repeat ? iccTwoWayRandom([first, restrict(repeat.features)]) : undefined;
  const iccInter = iccAgainst(repeats.inter);
  const iccIntra = iccAgainst(repeats.intra);
  const kept: number[] = [];
  for (let j = 0; j < cohort.featureNames.length; j++) {
    // NaN (a constant feature) fails the comparison and is dropped: its reliability is unknown.
    const interOk = !iccInter || iccInter[j] > threshold;
    const intraOk = !iccIntra || iccIntra[j] > threshold;
    if (interOk && intraOk) kept.push(j);
  }
  const kappaAgainst = (repeat?: RepeatMeasurement) =>
    repeat
      ? Float64Array.from(
          cohort.categorical,
          (first, j) =>
            cohenKappa(
              Array.from(trainingRows, (i) => first[i]),
              Array.from(trainingRows, (i) => repeat.categorical[j][i]),
            ).kappa,
        )
      : undefined;
  const kappaInter = kappaAgainst(repeats.inter);
  const kappaIntra = kappaAgainst(repeats.intra);
  const keptCategorical: number[] = [];
  for (let j = 0; j < cohort.categoricalNames.length; j++) {
    const interOk = !kappaInter || kappaInter[j] > thresholds.kappaThreshold;
    const intraOk = !kappaIntra || kappaIntra[j] > thresholds.kappaThreshold;
    if (interOk && intraOk) keptCategorical.push(j);
  }
  return { kept, iccInter, iccIntra, keptCategorical, kappaInter, kappaIntra };
}
