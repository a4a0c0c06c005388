/**
 * The Cox partial likelihood with Efron's approximation for tied event times, computed per distinct
 * event time so that the fit (sum of contributions) and the proportional-hazards score test (the same
 * contributions weighted by a function of time) share one implementation.
 *
 * Risk-set sums S0 = Σ r_j, S1 = Σ r_j x_j, S2 = Σ r_j x_j x_j' (r_j = exp(η_j)) are accumulated going
 * backwards in time. For d tied deaths with sums D0, D1, D2, Efron's approximation removes the
 * fraction k/d of the deaths from the risk set for k = 0..d−1.
 */

export interface EventTimeContribution {
  time: number;
  /** Number of events at this time. */
  deaths: number;
  /** Score contribution Σ_deaths x_i − Σ_k mean_k. */
  score: number[];
  /** Information contribution Σ_k (S2_k/S0_k − mean_k mean_k'). */
  information: number[][];
  /** Log-likelihood contribution Σ_deaths η_i − Σ_k log S0_k. */
  logLikelihood: number;
}

/** Contributions at each distinct event time, in ascending time. `x` rows are centred covariates. */
export function efronContributions(
  time: Float64Array,
  event: Uint8Array,
  x: number[][],
  beta: number[],
): EventTimeContribution[] {
  const n = time.length;
  const p = beta.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a] || b - a);
  const eta = x.map((row) => row.reduce((sum, value, j) => sum + value * beta[j], 0));
  const risk = eta.map(Math.exp);
  const zeros = (): number[] => new Array<number>(p).fill(0);
  const zeroMatrix = (): number[][] => Array.from({ length: p }, zeros);
  let s0 = 0;
  const s1 = zeros();
  const s2 = zeroMatrix();
  const contributions: EventTimeContribution[] = [];
  for (let start = 0; start < n;) {
    const t = time[order[start]];
    let end = start;
    let d0 = 0;
    const d1 = zeros();
    const d2 = zeroMatrix();
    const score = zeros();
    let logLikelihood = 0;
    let deaths = 0;
    for (; end < n && time[order[end]] === t; end++) {
      const i = order[end];
      const r = risk[i];
      const xi = x[i];
      s0 += r;
      for (let a = 0; a < p; a++) {
        s1[a] += r * xi[a];
        for (let b = 0; b < p; b++) s2[a][b] += r * xi[a] * xi[b];
      }
      if (event[i] !== 1) continue;
      deaths++;
      d0 += r;
      logLikelihood += eta[i];
      for (let a = 0; a < p; a++) {
        d1[a] += r * xi[a];
        score[a] += xi[a];
        for (let b = 0; b < p; b++) d2[a][b] += r * xi[a] * xi[b];
      }
    }
    start = end;
    if (deaths === 0) continue;
    const information = zeroMatrix();
    for (let k = 0; k < deaths; k++) {
      const fraction = k / deaths;
      const denominator = s0 - fraction * d0;
      logLikelihood -= Math.log(denominator);
      const mean = s1.map((value, a) => (value - fraction * d1[a]) / denominator);
      for (let a = 0; a < p; a++) {
        score[a] -= mean[a];
        for (let b = 0; b < p; b++) {
          information[a][b] += (s2[a][b] - fraction * d2[a][b]) / denominator - mean[a] * mean[b];
        }
      }
    }
    contributions.push({ time: t, deaths, score, information, logLikelihood });
  }
  return contributions.reverse();
}

/** Sum of the contributions: total log-likelihood, score vector and information matrix. */
export function totalContribution(contributions: EventTimeContribution[], p: number) {
  const score = new Array<number>(p).fill(0);
  const information = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let logLikelihood = 0;
  for (const c of contributions) {
    logLikelihood += c.logLikelihood;
    for (let a = 0; a < p; a++) {
      score[a] += c.score[a];
      for (let b = 0; b < p; b++) information[a][b] += c.information[a][b];
    }
  }
  return { logLikelihood, score, information };
}
