/**
 * Inverse-probability-of-censoring weights from the Kaplan–Meier estimate of the censoring
 * distribution G(s) = P(C > s) (censorings are the "events", risk set #{T ≥ s}, as
 * survfit(Surv(T, 1 − δ) ~ 1)); timeROC's weighting = "marginal".
 */
import { orderByTime, type SurvivalData } from './survivalInput.js';

export interface CensoringSurvival {
  /** G(T_i−) for each observation (left limit at its own time): the weight denominator of a case. */
  beforeOwnTime: Float64Array;
  /** G(t), right-continuous. */
  at(t: number): number;
}

export function censoringSurvival(data: SurvivalData): CensoringSurvival {
  const order = orderByTime(data.time);
  const jumpTimes: number[] = [];
  const values: number[] = [];
  const beforeOwnTime = new Float64Array(order.length);
  let g = 1;
  let atRisk = order.length;
  for (let k = 0; k < order.length;) {
    const t = data.time[order[k]];
    let censored = 0;
    const start = k;
    for (; k < order.length && data.time[order[k]] === t; k++) {
      beforeOwnTime[order[k]] = g;
      if (data.event[order[k]] === 0) censored++;
    }
    g *= 1 - censored / atRisk;
    atRisk -= k - start;
    jumpTimes.push(t);
    values.push(g);
  }
  return {
    beforeOwnTime,
    at(t: number): number {
      let value = 1;
      for (let i = 0; i < jumpTimes.length && jumpTimes[i] <= t; i++) value = values[i];
      return value;
    },
  };
}
