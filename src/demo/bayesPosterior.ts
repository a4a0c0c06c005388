/**
 * The exact class posterior of the demo's generating model, P(class | x, q, ER, PR, site), where
 * x = the informative features' measured latent values (reader 1, first pass, including that site's
 * scanner noise but before the site's monotone scale/offset and the per-feature monotone transform
 * to the printed value), q = the same for the non-linear feature.
 *
 * Everything else in a row is, given those, independent of the class (nuisance features share no
 * factor with informative ones; near-duplicates are source + independent noise), so this is also
 * the Bayes posterior given the whole observed row apart from Ki-67, age and SUV (which the paper
 * found non-significant and the generator draws per class from Tables 1-2 independently).
 * Given class c: x ~ N(mu_c, S) with S shared by the classes, q ~ N(0, v_c), ER ~ Bern(er_c),
 * PR ~ Bern(pr_c), all independent.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';

export type ClassProbabilities = Record<Her2Status, number>;

export interface PosteriorModel {
  logPrior: ClassProbabilities;
  /** Class-conditional mean of x per class. */
  means: Record<Her2Status, Float64Array>;
  /** Lower Cholesky factor of the shared covariance S, row-major d x d. */
  choleskyLower: Float64Array;
  dimension: number;
  nonlinearVariance: ClassProbabilities;
  erRate: ClassProbabilities;
  prRate: ClassProbabilities;
}

/** In-place-free Cholesky S = L L^T of a symmetric positive-definite row-major matrix. */
export function choleskyLower(matrix: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (s <= 0) throw new Error('covariance is not positive definite');
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return l;
}

/** (x - m)^T S^-1 (x - m) by forward substitution with the Cholesky factor. */
export function mahalanobisSquared(
  lower: Float64Array,
  d: number,
  x: Float64Array,
  mean: Float64Array,
): number {
  const y = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i] - mean[i];
    for (let k = 0; k < i; k++) s -= lower[i * d + k] * y[k];
    y[i] = s / lower[i * d + i];
    total += y[i] * y[i];
  }
  return total;
}

export function classPosterior(
  model: PosteriorModel,
  x: Float64Array,
  q: number,
  er: boolean,
  pr: boolean,
): ClassProbabilities {
  const logs = HER2_STATUSES.map((c) => {
    const v = model.nonlinearVariance[c];
    return (
      model.logPrior[c] -
      0.5 * mahalanobisSquared(model.choleskyLower, model.dimension, x, model.means[c]) -
      0.5 * (Math.log(v) + (q * q) / v) +
      Math.log(er ? model.erRate[c] : 1 - model.erRate[c]) +
      Math.log(pr ? model.prRate[c] : 1 - model.prRate[c])
    );
  });
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const total = weights[0] + weights[1] + weights[2];
  return { over: weights[0] / total, low: weights[1] / total, zero: weights[2] / total };
}
