/**
 * Test of proportional hazards as R's survival::cox.zph(fit, transform = "km") (survival ≥ 3.0):
 * a score test, at the fitted β and θ = 0, of the extended model with covariates x and x·g(t), where
 * g(t) = 1 − Ŝ(t−) (overall Kaplan–Meier, left limit) centred on its mean over the events. Per
 * covariate j the test uses the β block plus θ_j (1 df); the global test uses all of θ (p df).
 */
import { chiSquareSurvival } from '../stats/chiSquareDistribution.js';
import type { EventTimeContribution } from './efronRiskSets.js';
import { quadraticFormOfInverse } from './linearAlgebra.js';
import { orderByTime, type SurvivalData } from './survivalInput.js';

export interface SchoenfeldTest {
  perCovariate: { chisq: number; p: number }[];
  global: { chisq: number; df: number; p: number };
}

/** 1 − Ŝ(t−) of the overall Kaplan–Meier curve at each distinct event time (ascending). */
function kmTransform(data: SurvivalData, eventTimes: number[]): number[] {
  const order = orderByTime(data.time);
  const leftLimit = new Map<number, number>();
  let survival = 1;
  let atRisk = order.length;
  for (let k = 0; k < order.length;) {
    const t = data.time[order[k]];
    leftLimit.set(t, survival);
    let deaths = 0;
    let leaving = 0;
    for (; k < order.length && data.time[order[k]] === t; k++, leaving++) deaths += data.event[order[k]];
    survival *= 1 - deaths / atRisk;
    atRisk -= leaving;
  }
  return eventTimes.map((t) => 1 - (leftLimit.get(t) as number));
}

/** cox.zph's score test from the Efron contributions at the fitted coefficients. */
export function schoenfeldTest(
  data: SurvivalData,
  contributions: EventTimeContribution[],
  p: number,
): SchoenfeldTest {
  const transformed = kmTransform(
    data,
    contributions.map((c) => c.time),
  );
  const totalDeaths = contributions.reduce((sum, c) => sum + c.deaths, 0);
  const centre = contributions.reduce((sum, c, k) => sum + c.deaths * transformed[k], 0) / totalDeaths;
  const g = transformed.map((value) => value - centre);
  // Score and information of (β, θ) at θ = 0; the β score is zero at the estimate.
  const u = new Array<number>(2 * p).fill(0);
  const information = Array.from({ length: 2 * p }, () => new Array<number>(2 * p).fill(0));
  contributions.forEach((c, k) => {
    const gk = g[k];
    for (let a = 0; a < p; a++) {
      u[p + a] += gk * c.score[a];
      for (let b = 0; b < p; b++) {
        const v = c.information[a][b];
        information[a][b] += v;
        information[a][p + b] += gk * v;
        information[p + a][b] += gk * v;
        information[p + a][p + b] += gk * gk * v;
      }
    }
  });
  const what = 'coxPh (proportional-hazards test)';
  const perCovariate = Array.from({ length: p }, (_, j) => {
    const kept = [...Array.from({ length: p }, (_, a) => a), p + j];
    const sub = kept.map((a) => kept.map((b) => information[a][b]));
    const chisq = quadraticFormOfInverse(sub, [...new Array<number>(p).fill(0), u[p + j]], what);
    return { chisq, p: chiSquareSurvival(chisq, 1) };
  });
  const globalU = [...new Array<number>(p).fill(0), ...u.slice(p)];
  const chisq = quadraticFormOfInverse(information, globalU, what);
  return { perCovariate, global: { chisq, df: p, p: chiSquareSurvival(chisq, p) } };
}
