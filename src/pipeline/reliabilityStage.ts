/**
 * Stage 1: the ICC reliability filter. A feature stays a candidate only if ICC(2,1) between the
 * first reading and each repeat (second reader: inter-observer; first reader again: intra-observer)
 * is above the threshold. ICCs are computed on training rows only, so validation and external values
 * can never change which features survive.
 */
import type { Cohort, RepeatMeasurement } from '../cohort/cohort.js';
import { iccTwoWayRandom } from '../stats/icc.js';

export interface ReliabilityOutcome {
  /** Indices of the features that pass (all features when no repeat was given). */
  kept: number[];
  iccInter?: Float64Array;
  iccIntra?: Float64Array;
}

export function reliabilityFilter(
  cohort: Cohort,
  repeats: { inter?: RepeatMeasurement; intra?: RepeatMeasurement },
  trainingRows: Int32Array,
  threshold: number,
): ReliabilityOutcome {
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
  return { kept, iccInter, iccIntra };
}
