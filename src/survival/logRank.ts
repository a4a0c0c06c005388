/**
 * Log-rank test of equal survival across groups, optionally stratified, matching R's
 * survival::survdiff(Surv(time, event) ~ group [+ strata(s)]) with rho = 0.
 *
 * At each distinct event time (within a stratum) observed and expected deaths per group and the
 * hypergeometric covariance are accumulated; strata are summed. The statistic is (O−E)'V⁻(O−E)
 * with the first group (of those with E > 0) dropped, on (#groups with E > 0) − 1 df.
 * Groups are reported in ascending order (numbers numerically, strings by code point).
 */
import { chiSquareSurvival } from '../stats/chiSquareDistribution.js';
import { quadraticFormOfInverse } from './linearAlgebra.js';
import { orderByTime, requireEvents, requireSameLength, survivalData } from './survivalInput.js';

export type GroupLabel = number | string;

export interface LogRankResult {
  chisq: number;
  df: number;
  p: number;
  /** Observed events per group, in the order of `groups`. */
  observed: number[];
  /** Expected events per group under the null, in the order of `groups`. */
  expected: number[];
  groups: GroupLabel[];
}

/** Distinct labels, ascending; throws RangeError on NaN or an empty string. */
export function sortedLabels(labels: ArrayLike<GroupLabel>, name: string, what: string): GroupLabel[] {
  const distinct = new Set<GroupLabel>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if ((typeof label === 'number' && !Number.isFinite(label)) || label === '' || label === undefined) {
      throw new RangeError(`${what}: ${name}[${i}] = ${String(label)} is not a valid label`);
    }
    distinct.add(label);
  }
  return [...distinct].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}

/** Log-rank (Mantel–Haenszel) test; throws RangeError on bad input, one group, or no events. */
export function logRankTest(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  group: ArrayLike<GroupLabel>,
  strata?: ArrayLike<GroupLabel>,
): LogRankResult {
  const what = 'logRankTest';
  const data = survivalData(time, event, what);
  requireEvents(data, what);
  const n = data.time.length;
  requireSameLength(group, n, 'group', what);
  const groups = sortedLabels(group, 'group', what);
  if (groups.length < 2)
    throw new RangeError(`${what}: only one group (${String(groups[0])}); nothing to compare`);
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  let strataIndex: number[] = new Array<number>(n).fill(0);
  if (strata !== undefined) {
    requireSameLength(strata, n, 'strata', what);
    const strataLabels = new Map(sortedLabels(strata, 'strata', what).map((s, i) => [s, i]));
    strataIndex = Array.from({ length: n }, (_, i) => strataLabels.get(strata[i]) as number);
  }
  const k = groups.length;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const byStratum = new Map<number, number[]>();
  orderByTime(data.time).forEach((i) => {
    const list = byStratum.get(strataIndex[i]) ?? [];
    list.push(i);
    byStratum.set(strataIndex[i], list);
  });
  for (const members of byStratum.values()) {
    const atRisk = new Array<number>(k).fill(0);
    for (const i of members) atRisk[groupIndex.get(group[i]) as number]++;
    let total = members.length;
    for (let start = 0; start < members.length;) {
      const t = data.time[members[start]];
      let end = start;
      const deaths = new Array<number>(k).fill(0);
      const leaving = new Array<number>(k).fill(0);
      while (end < members.length && data.time[members[end]] === t) {
        const g = groupIndex.get(group[members[end]]) as number;
        leaving[g]++;
        if (data.event[members[end]] === 1) deaths[g]++;
        end++;
      }
      const d = deaths.reduce((a, b) => a + b, 0);
      if (d > 0) {
        // hypergeometric moments of the deaths' split across groups given the risk set
        const factor = total > 1 ? (d * (total - d)) / (total * total * (total - 1)) : 0;
        for (let g = 0; g < k; g++) {
          observed[g] += deaths[g];
          expected[g] += (d * atRisk[g]) / total;
          for (let h = 0; h < k; h++) {
            variance[g][h] += factor * ((g === h ? atRisk[g] * total : 0) - atRisk[g] * atRisk[h]);
          }
        }
      }
      for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
      total -= end - start;
      start = end;
    }
  }
  const kept = groups.map((_, g) => g).filter((g) => expected[g] > 0);
  const df = kept.length - 1;
  let chisq = 0;
  if (df >= 1) {
    const rest = kept.slice(1);
    const u = rest.map((g) => observed[g] - expected[g]);
    chisq = quadraticFormOfInverse(
      rest.map((g) => rest.map((h) => variance[g][h])),
      u,
      what,
    );
  }
  return { chisq, df, p: df >= 1 ? chiSquareSurvival(chisq, df) : 1, observed, expected, groups };
}
