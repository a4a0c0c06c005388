/**
 * Kaplan–Meier curves of the two risk groups (marker ≥ cut-off is "high", as the study's
 * "HI50% ≥ 1.571"), with numbers at risk on a fixed grid, as printed under a KM figure.
 */
import { kaplanMeier, type KaplanMeierCurve } from '../survival/index.js';

export type RiskGroup = 'high' | 'low';

export interface GroupCurve {
  n: number;
  events: number;
  /** null when the curve never reaches 0.5 ("not reached"). */
  medianPfs: number | null;
  medianPfsCi95: [number | null, number | null];
  km: Pick<KaplanMeierCurve, 'times' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'lower' | 'upper'>;
  /** Patients still at risk (PFS time ≥ t) at each time of the grid. */
  atRisk: { time: number; n: number }[];
}

export function riskGroupOf(value: number, cutoff: number): RiskGroup {
  return value >= cutoff ? 'high' : 'low';
}

/** 0, step, 2·step, … up to the last follow-up time. */
export function atRiskGrid(maxTime: number, step: number): number[] {
  const grid: number[] = [];
  for (let t = 0; t <= maxTime; t += step) grid.push(t);
  return grid;
}

/**
 * A group without progression has S(t) = 1 throughout, with no uncertainty to estimate (Greenwood
 * is 0); survival's kaplanMeier refuses such data, so its curve is written out here.
 */
function eventFreeCurve(time: readonly number[]): GroupCurve['km'] {
  const times = [...new Set(time)].sort((a, b) => a - b);
  const nCensor = times.map((t) => time.filter((x) => x === t).length);
  const nRisk = times.map((t) => time.filter((x) => x >= t).length);
  const ones = times.map(() => 1);
  return { times, nRisk, nEvent: times.map(() => 0), nCensor, survival: ones, lower: ones, upper: ones };
}

export function groupCurve(
  time: readonly number[],
  event: readonly number[],
  grid: readonly number[],
): GroupCurve {
  const events = event.reduce((a, b) => a + b, 0);
  const atRisk = grid.map((t) => ({ time: t, n: time.filter((x) => x >= t).length }));
  if (events === 0) {
    return {
      n: time.length,
      events,
      medianPfs: null,
      medianPfsCi95: [null, null],
      km: eventFreeCurve(time),
      atRisk,
    };
  }
  const curve = kaplanMeier(time, event);
  const { times, nRisk, nEvent, nCensor, survival, lower, upper } = curve;
  return {
    n: time.length,
    events,
    medianPfs: curve.median,
    medianPfsCi95: curve.medianCi,
    km: { times, nRisk, nEvent, nCensor, survival, lower, upper },
    atRisk,
  };
}
