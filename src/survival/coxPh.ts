/**
 * Cox proportional-hazards regression with Efron ties by Newton–Raphson (with step halving), matching
 * R's survival::coxph(ties = "efron"): coefficients, standard errors from the inverse information,
 * hazard ratios with Wald 95% intervals, per-coefficient Wald p, the overall Wald and likelihood-ratio
 * tests, and cox.zph's test of proportional hazards (transform "km").
 */
import { chiSquareSurvival } from '../stats/chiSquareDistribution.js';
import { normalQuantile, normalTwoSidedPValue } from '../stats/normal.js';
import { efronContributions, totalContribution } from './efronRiskSets.js';
import { invertMatrix, multiply } from './linearAlgebra.js';
import { schoenfeldTest, type SchoenfeldTest } from './schoenfeldTest.js';
import { requireEvents, survivalData } from './survivalInput.js';

export interface CoxPhOptions {
  /** Maximum Newton–Raphson iterations (default 50). */
  maxIterations?: number;
  /** Convergence: relative change of the log partial likelihood (default 1e-12). */
  tolerance?: number;
}

export interface CoxPhResult {
  coefficients: number[];
  standardErrors: number[];
  hazardRatios: number[];
  ci95: [number, number][];
  waldP: number[];
  /** Overall Wald statistic β' I(β) β on p df. */
  waldChisq: number;
  waldDf: number;
  /** [null model (β = 0), fitted model]. */
  logLikelihood: [number, number];
  likelihoodRatioChisq: number;
  likelihoodRatioP: number;
  schoenfeld: SchoenfeldTest;
  /** Inverse information at the estimate. */
  variance: number[][];
  iterations: number;
  /**
   * Per coefficient, as coxph's "coefficient may be infinite" warning: the likelihood flattened
   * while the next Newton step of this coefficient is still large (|(I⁻¹U)_j| > 1e-9 and
   * > √1e-9·|β_j|), as when a group has no events.
   */
  infinite: boolean[];
  /** False when iterations ran out or a coefficient may be infinite (then β, SE and HR are not estimates). */
  converged: boolean;
}

/** coxph.control's eps and toler.inf. */
const INFINITE_EPS = 1e-9;
const INFINITE_TOLERANCE = Math.sqrt(INFINITE_EPS);

/** Checks a rows × p covariate matrix and centres it (as coxph does, for numerical stability). */
function centredCovariates(covariates: number[][], n: number, what: string): number[][] {
  if (covariates.length !== n)
    throw new RangeError(`${what}: covariates has ${covariates.length} rows but time has ${n}`);
  const p = covariates[0]?.length ?? 0;
  if (p === 0) throw new RangeError(`${what}: covariates has no columns`);
  const means = new Array<number>(p).fill(0);
  covariates.forEach((row, i) => {
    if (row.length !== p)
      throw new RangeError(`${what}: covariates row ${i} has ${row.length} values, expected ${p}`);
    row.forEach((value, j) => {
      if (!Number.isFinite(value))
        throw new RangeError(`${what}: covariates[${i}][${j}] = ${value} is not finite`);
      means[j] += value / n;
    });
  });
  return covariates.map((row) => row.map((value, j) => value - means[j]));
}

/** Fits the Cox model; throws RangeError on bad input, no events or a singular information matrix. */
export function coxPh(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  covariates: number[][],
  options: CoxPhOptions = {},
): CoxPhResult {
  const what = 'coxPh';
  const data = survivalData(time, event, what);
  requireEvents(data, what);
  const x = centredCovariates(covariates, data.time.length, what);
  const p = x[0].length;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-12;
  const evaluate = (beta: number[]) =>
    totalContribution(efronContributions(data.time, data.event, x, beta), p);
  let beta = new Array<number>(p).fill(0);
  let current = evaluate(beta);
  const nullLogLikelihood = current.logLikelihood;
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const step = multiply(invertMatrix(current.information, what), current.score);
    let candidate = beta.map((b, j) => b + step[j]);
    let next = evaluate(candidate);
    // step halving when the likelihood goes down (as coxph does)
    for (let halvings = 0; !(next.logLikelihood >= current.logLikelihood) && halvings < 30; halvings++) {
      candidate = candidate.map((c, j) => (c + beta[j]) / 2);
      next = evaluate(candidate);
    }
    converged =
      Math.abs(next.logLikelihood - current.logLikelihood) <= tolerance * Math.abs(next.logLikelihood);
    beta = candidate;
    current = next;
  }
  const variance = invertMatrix(current.information, what);
  // The likelihood's relative change can fall below the tolerance while β still runs to infinity
  // (each step adds less and less likelihood): coxph's check is the size of the step still to take.
  const remaining = multiply(variance, current.score);
  const infinite = remaining.map(
    (r, j) => Math.abs(r) > INFINITE_EPS && Math.abs(r) > INFINITE_TOLERANCE * Math.abs(beta[j]),
  );
  const standardErrors = variance.map((row, j) => Math.sqrt(row[j]));
  const z = normalQuantile(0.975);
  const waldChisq = multiply(current.information, beta).reduce((sum, value, j) => sum + value * beta[j], 0);
  const likelihoodRatioChisq = 2 * (current.logLikelihood - nullLogLikelihood);
  return {
    coefficients: beta,
    standardErrors,
    hazardRatios: beta.map(Math.exp),
    ci95: beta.map((b, j) => [Math.exp(b - z * standardErrors[j]), Math.exp(b + z * standardErrors[j])]),
    waldP: beta.map((b, j) => normalTwoSidedPValue(b / standardErrors[j])),
    waldChisq,
    waldDf: p,
    logLikelihood: [nullLogLikelihood, current.logLikelihood],
    likelihoodRatioChisq,
    likelihoodRatioP: chiSquareSurvival(likelihoodRatioChisq, p),
    schoenfeld: schoenfeldTest(data, efronContributions(data.time, data.event, x, beta), p),
    variance,
    iterations,
    infinite,
    converged: converged && !infinite.some(Boolean),
  };
}
