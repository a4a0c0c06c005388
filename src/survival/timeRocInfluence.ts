/**
 * Standard error of the IPCW time-dependent AUC from its iid (influence-function) representation,
 * as timeROC's compute_iid_decomposition_survival (Blanche et al., Stat Med 2013, Appendix):
 *
 *   AUC(t) = h_t / (F(t)·S(t)),  h_t = n⁻² Σ_i Σ_j h_ij,  h_ij = 1{case i}·1{control j}·(1{M_i > M_j} + ½·1{M_i = M_j}) / (G(T_i−)·G(t))
 *
 * and IF_k = (A_k + B_k + C_k)/n with, for observation k,
 *   A_k = [n⁻¹ Σ_i H_i (1 + Ψ_ik) − h_t Σ_i (1{T_i > t}/Ŝ_T(t) + (d_i (1 + Ψ_ik) − F)/F)] / (F S)   (via Ĝ)
 *   B_k = (Σ_i h_ik − n h_t) / (F S)                                                        (k as a control)
 *   C_k = (H_k − n h_t (1{T_k > t}/Ŝ_T(t) + (d_k − F)/F)) / (F S)                            (k as a case)
 * where H_i = Σ_j h_ij, d_i = 1{T_i ≤ t, δ_i = 1}/G(T_i−), Ŝ_T(t) = #{T > t}/n, and Ψ_ik = ∫_0^{T_i} dM̂_C,k(u)/ŷ(u)
 * is the martingale term of the Kaplan–Meier estimator of G for observation k. As in timeROC, Ψ is
 * computed observation by observation in time order (ties broken by input order), with the censoring
 * hazard 1{censored}/(number of later observations) and at-risk fraction (n − r)/n at rank r.
 * se = sd(IF)/√n (sd with n − 1).
 */
import { orderByTime, type SurvivalData } from './survivalInput.js';
import type { CensoringSurvival } from './censoringWeights.js';

export interface TimeRocInfluence {
  se: number;
  /** Influence value of each observation (input order). */
  influence: number[];
}

/** Ψ[r][k]: row r = the observation of time rank r, column k = the martingale of observation of rank k. */
function censoringMartingaleIntegrals(sortedTime: number[], censored: number[]): Float64Array[] {
  const n = sortedTime.length;
  const cumulativeHazard = new Float64Array(n);
  let running = 0;
  for (let r = 0; r < n; r++) {
    running += censored[r] / (n - r);
    cumulativeHazard[r] = running;
  }
  const martingale = (row: number, k: number) =>
    censored[k] * (sortedTime[k] <= sortedTime[row] ? 1 : 0) - cumulativeHazard[Math.min(row, k)];
  const psi = Array.from({ length: n }, () => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    let integral = 0;
    let previous = 0;
    for (let r = 0; r < n; r++) {
      const current = martingale(r, k);
      integral += (current - previous) / ((n - r) / n);
      previous = current;
      psi[r][k] = integral;
    }
  }
  return psi;
}

export function timeRocInfluence(
  data: SurvivalData,
  marker: ArrayLike<number>,
  horizon: number,
  g: CensoringSurvival,
  cumulativeIncidence: number,
  survivalProbability: number,
): TimeRocInfluence {
  const n = data.time.length;
  const order = orderByTime(data.time);
  const time = order.map((i) => data.time[i]);
  const m = order.map((i) => marker[i]);
  const isCase = order.map((i) => data.time[i] <= horizon && data.event[i] === 1);
  const isControl = time.map((t) => t > horizon);
  const caseWeight = order.map((i, r) => (isCase[r] ? 1 / g.beforeOwnTime[i] : 0));
  const controlWeight = 1 / g.at(horizon);
  const psi = censoringMartingaleIntegrals(
    time,
    order.map((i) => 1 - data.event[i]),
  );
  const caseRowSum = new Float64Array(n); // H_i
  const controlColumnSum = new Float64Array(n); // Σ_i h_ik
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!isCase[i]) continue;
    for (let j = 0; j < n; j++) {
      if (!isControl[j]) continue;
      const h = (m[i] > m[j] ? 1 : m[i] === m[j] ? 0.5 : 0) * caseWeight[i] * controlWeight;
      caseRowSum[i] += h;
      controlColumnSum[j] += h;
      total += h;
    }
  }
  const ht = total / (n * n);
  const F = cumulativeIncidence;
  const scale = F * survivalProbability;
  const controlShare = isControl.filter(Boolean).length / n;
  const aboveHorizon = isControl.map((c) => (c ? 1 / controlShare : 0));
  const d = caseWeight; // 1{case}/G(T_i−)
  const influenceSorted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let weightedPairs = 0;
    let centring = 0;
    for (let i = 0; i < n; i++) {
      const onePlusPsi = 1 + psi[i][k];
      weightedPairs += caseRowSum[i] * onePlusPsi;
      centring += aboveHorizon[i] + (d[i] * onePlusPsi - F) / F;
    }
    const a = (weightedPairs / n - ht * centring) / scale;
    const b = (controlColumnSum[k] - n * ht) / scale;
    const c = (caseRowSum[k] - n * ht * (aboveHorizon[k] + (d[k] - F) / F)) / scale;
    influenceSorted[k] = (a + b + c) / n;
  }
  const mean = influenceSorted.reduce((s, v) => s + v, 0) / n;
  const variance = influenceSorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const influence = new Array<number>(n);
  order.forEach((i, r) => (influence[i] = influenceSorted[r]));
  return { se: Math.sqrt(variance) / Math.sqrt(n), influence };
}
