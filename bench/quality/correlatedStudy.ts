/**
 * Signal spread over correlated features, an affine scanner per site: four latent factors with
 * class-dependent means, each loading on a block of 30 features (so no single feature carries much
 * and neighbours are strongly correlated), plus 80 pure-noise features. Given the class, the signal
 * features are N(A·mu_c, A·Aᵀ + I) (A the loadings), so the Bayes posterior is the Gaussian
 * discriminant with that covariance, times the ER/PR likelihoods; noise features are independent of
 * both and drop out. Sites: two development sites and an external one, each scaling and shifting
 * every feature differently (the external one most).
 */
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import { choleskyLower, mahalanobisSquared, type ClassProbabilities } from '../../src/demo/bayesPosterior.js';
import { createRng, deriveSeed } from '../../src/stats/random.js';
import {
  assembleStudy,
  normalise,
  receptorLogLikelihood,
  studyPatients,
  THREE_SITES,
  type SyntheticStudy,
} from './syntheticStudy.js';

const FACTORS = 4;
const BLOCK = 30;
const NOISE = 80;
const FACTOR_MEANS: Record<Her2Status, number[]> = {
  over: [0.8, 0, 0, 0.3],
  low: [0, 0.6, -0.2, 0],
  zero: [-0.3, -0.3, 0.6, 0],
};

export function correlatedStudy(seed: number): SyntheticStudy {
  const rng = createRng(deriveSeed(seed, 'correlated'));
  const patients = studyPatients(THREE_SITES, rng);
  const n = patients.ids.length;
  const d = FACTORS * BLOCK;
  // Loading of feature j on its block's factor.
  const loading = Float64Array.from({ length: d }, () => 0.4 + 0.5 * rng.next());
  const factorOf = (j: number) => Math.floor(j / BLOCK);
  const names = [
    ...Array.from({ length: d }, (_, j) => `pet_f${factorOf(j) + 1}_${(j % BLOCK) + 1}`),
    ...Array.from({ length: NOISE }, (_, k) => `ct_noise_${k + 1}`),
  ];
  const features = names.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const f = FACTOR_MEANS[patients.labels[i]].map((m) => m + rng.normal());
    for (let j = 0; j < d; j++) features[j][i] = loading[j] * f[factorOf(j)] + rng.normal();
    for (let k = 0; k < NOISE; k++) features[d + k][i] = rng.normal();
  }
  // Σ = A Aᵀ + I over the signal features: block-diagonal, loading_j loading_k within a block.
  const sigma = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      sigma[j * d + k] = (factorOf(j) === factorOf(k) ? loading[j] * loading[k] : 0) + (j === k ? 1 : 0);
    }
  }
  const lower = choleskyLower(sigma, d);
  const means = Object.fromEntries(
    HER2_STATUSES.map((c) => [
      c,
      Float64Array.from({ length: d }, (_, j) => loading[j] * FACTOR_MEANS[c][factorOf(j)]),
    ]),
  ) as Record<Her2Status, Float64Array>;
  const prior = priorOf(patients.labels);
  const posterior: ClassProbabilities[] = Array.from({ length: n }, (_, i) => {
    const x = Float64Array.from({ length: d }, (_, j) => features[j][i]);
    const logs = {} as Record<Her2Status, number>;
    for (const c of HER2_STATUSES) {
      logs[c] =
        Math.log(prior[c]) -
        0.5 * mahalanobisSquared(lower, d, x, means[c]) +
        receptorLogLikelihood(c, patients.er[i], patients.pr[i]);
    }
    return normalise(logs);
  });
  const effects = new Map(
    THREE_SITES.map((site) => {
      const wide = site.external ? 2 : 1;
      return [
        site.name,
        names.map(() => ({
          scale: 1 + wide * 0.4 * (rng.next() - 0.5) * 2,
          shift: wide * (rng.next() - 0.5) * 2,
        })),
      ];
    }),
  );
  return assembleStudy(
    'correlated',
    patients,
    names,
    features,
    posterior,
    (site, j, v) => {
      const e = effects.get(site)![j];
      return Math.max(0.1, e.scale) * v + e.shift;
    },
    rng,
  );
}

/** Class shares of the design (the generator's prior: counts are fixed per site). */
export function priorOf(labels: readonly Her2Status[]): ClassProbabilities {
  const count = { over: 0, low: 0, zero: 0 };
  for (const c of labels) count[c]++;
  return {
    over: count.over / labels.length,
    low: count.low / labels.length,
    zero: count.zero / labels.length,
  };
}
