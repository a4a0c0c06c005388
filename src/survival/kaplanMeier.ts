/**
 * Kaplan–Meier estimator with Greenwood variance and log–log confidence intervals, matching
 * R's survival::survfit(Surv(time, event) ~ 1, conf.type = "log-log") and quantile(fit, 0.5).
 *
 * - stdErr is the Greenwood standard error of S(t) itself: S(t)·sqrt(Σ d/(n(n−d))).
 *   stdErrLog is survfit's `std.err`, the standard error of log S(t) (= of the cumulative hazard).
 * - log–log interval: S^exp(±z·stdErrLog/log S); where S = 1 both limits are 1, where S = 0 (or the
 *   variance is infinite) they are null, as survfit gives NA.
 * - The median and its Brookmeyer–Crowley interval come from the survival curve and the two
 *   confidence curves by survival's findq rule: the first time the curve is ≤ 0.5, or the midpoint to
 *   the next drop when it equals 0.5 (within √ε) over an interval; null when not reached.
 */
import { normalQuantile } from '../stats/normal.js';
import { orderByTime, requireEvents, survivalData } from './survivalInput.js';

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise intervals and of the median's interval (default 0.95). */
  confLevel?: number;
}

export interface KaplanMeierCurve {
  /** Distinct observed times (events and censorings), ascending. */
  times: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  /** Greenwood standard error of S(t) (not of log S). */
  stdErr: number[];
  /** Standard error of log S(t), R's survfit `std.err`; Infinity once S reaches 0. */
  stdErrLog: number[];
  /** Log–log pointwise confidence limits; null where undefined (S = 0). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Median survival time; null when the curve never reaches 0.5 ("not reached"). */
  median: number | null;
  /** Brookmeyer–Crowley interval of the median; an end is null when its curve never reaches 0.5. */
  medianCi: [number | null, number | null];
  confLevel: number;
}

const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/** Kaplan–Meier curve of right-censored data; throws RangeError on bad input or no events. */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new RangeError(`kaplanMeier: confLevel ${confLevel} must be in (0, 1)`);
  const data = survivalData(time, event, 'kaplanMeier');
  requireEvents(data, 'kaplanMeier');
  const order = orderByTime(data.time);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const curve: KaplanMeierCurve = {
    times: [],
    nRisk: [],
    nEvent: [],
    nCensor: [],
    survival: [],
    stdErr: [],
    stdErrLog: [],
    lower: [],
    upper: [],
    median: null,
    medianCi: [null, null],
    confLevel,
  };
  let atRisk = order.length;
  let survival = 1;
  let greenwood = 0;
  for (let k = 0; k < order.length;) {
    const t = data.time[order[k]];
    let events = 0;
    let censored = 0;
    while (k < order.length && data.time[order[k]] === t) {
      if (data.event[order[k]] === 1) events++;
      else censored++;
      k++;
    }
    survival *= 1 - events / atRisk;
    greenwood += events === atRisk ? Infinity : events / (atRisk * (atRisk - events));
    const seLog = Math.sqrt(greenwood);
    curve.times.push(t);
    curve.nRisk.push(atRisk);
    curve.nEvent.push(events);
    curve.nCensor.push(censored);
    curve.survival.push(survival);
    curve.stdErrLog.push(seLog);
    curve.stdErr.push(survival === 0 ? 0 : survival * seLog);
    const [lower, upper] = logLogLimits(survival, seLog, z);
    curve.lower.push(lower);
    curve.upper.push(upper);
    atRisk -= events + censored;
  }
  curve.median = survivalQuantileTime(curve.times, curve.survival, 0.5);
  curve.medianCi = [
    survivalQuantileTime(curve.times, curve.lower, 0.5),
    survivalQuantileTime(curve.times, curve.upper, 0.5),
  ];
  return curve;
}

/** Log–log limits as survfit: exp(−exp(log(−log S) ± z·se/log S)). */
function logLogLimits(survival: number, seLog: number, z: number): [number | null, number | null] {
  if (survival === 1) return [1, 1];
  if (survival === 0 || !Number.isFinite(seLog)) return [null, null];
  const logMinusLog = Math.log(-Math.log(survival));
  const shift = (z * seLog) / Math.log(survival);
  return [Math.exp(-Math.exp(logMinusLog - shift)), Math.exp(-Math.exp(logMinusLog + shift))];
}

/**
 * Time at which a survival curve (step function, starting at 1 at time 0) reaches 1 − p, by the rule
 * of survival's internal findq: work on the cumulative y = 1 − S with duplicated values removed, take
 * the first time y ≥ p − tol and the first time y ≥ p + tol and average them (they differ only when
 * S = 1 − p exactly on an interval); when S stays at 1 − p to the end, average with the last time.
 */
export function survivalQuantileTime(times: number[], survival: (number | null)[], p: number): number | null {
  const x = [0, ...times];
  const yAll = [0, ...survival.map((s) => (s === null ? null : 1 - s))];
  const known = yAll.filter((y): y is number => y !== null);
  if (Math.max(...known) < p) return null;
  const lastTime = x[x.length - 1];
  const keptX: number[] = [];
  const keptY: (number | null)[] = [];
  const seen = new Set<number | null>();
  yAll.forEach((y, i) => {
    if (seen.has(y)) return; // R's duplicated() also treats repeated NA as duplicates
    seen.add(y);
    keptX.push(x[i]);
    keptY.push(y);
  });
  const firstAtLeast = (offset: number): number | null => {
    for (let i = 0; i < keptY.length; i++) {
      const y = keptY[i];
      if (y !== null && y + offset >= p) return i;
    }
    return null;
  };
  const i1 = firstAtLeast(TOLERANCE);
  const i2 = firstAtLeast(-TOLERANCE);
  const lastY = keptY[keptY.length - 1];
  if (lastY !== null && Math.abs(p - lastY) < TOLERANCE)
    return i1 === null ? null : (keptX[i1] + lastTime) / 2;
  if (i1 === null || i2 === null) return null;
  return (keptX[i1] + keptX[i2]) / 2;
}

export interface SurvivalPoint {
  survival: number;
  lower: number | null;
  upper: number | null;
}

/** S(t) and its limits from a fitted curve: a right-continuous step function, 1 before the first time. */
export function survivalAt(curve: KaplanMeierCurve, t: number): SurvivalPoint {
  if (!Number.isFinite(t)) throw new RangeError(`survivalAt: time ${t} must be finite`);
  let index = -1;
  for (let i = 0; i < curve.times.length && curve.times[i] <= t; i++) index = i;
  if (index < 0) return { survival: 1, lower: 1, upper: 1 };
  return { survival: curve.survival[index], lower: curve.lower[index], upper: curve.upper[index] };
}
