/**
 * A non-linear signal and a non-linear external scanner: the class changes the spread, not the
 * mean, of ten features (HER2-over widens five, HER2-zero five others), HER2-low sits on one
 * diagonal of an XOR-like pair (u1, u2) (the others on the other diagonal), and three features
 * carry a weak linear shift for HER2-over; 60 pure-noise features. Every part is independent given
 * the class, so the Bayes posterior is the product of the parts' densities (Gaussian, Gaussian
 * mixture) and the ER/PR likelihoods. Scanners: site C scales and shifts, the external site B maps
 * every value through a monotone exponential (ranks kept, linear structure not).
 */
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import type { ClassProbabilities } from '../../src/demo/bayesPosterior.js';
import { createRng, deriveSeed } from '../../src/stats/random.js';
import { priorOf } from './correlatedStudy.js';
import {
  assembleStudy,
  normalise,
  receptorLogLikelihood,
  studyPatients,
  THREE_SITES,
  type SyntheticStudy,
} from './syntheticStudy.js';

const WIDE = 2.5;
const XOR = 1.3;
const LINEAR_SHIFT = 0.5;
const NOISE = 60;

/** Variance of spread feature k (0..9) given the class. */
const spread = (c: Her2Status, k: number): number =>
  (c === 'over' && k < 5) || (c === 'zero' && k >= 5) ? WIDE : 1;

const logNormal = (x: number, mean: number, variance: number) =>
  -0.5 * (Math.log(2 * Math.PI * variance) + ((x - mean) * (x - mean)) / variance);

/** log density of (u1, u2): an equal mixture of unit Gaussians at ±(m, m) (low) or ±(m, −m) (others). */
function xorLogDensity(c: Her2Status, u1: number, u2: number): number {
  const s = c === 'low' ? 1 : -1;
  const a = logNormal(u1, XOR, 1) + logNormal(u2, s * XOR, 1);
  const b = logNormal(u1, -XOR, 1) + logNormal(u2, -s * XOR, 1);
  const top = Math.max(a, b);
  return top + Math.log(0.5 * Math.exp(a - top) + 0.5 * Math.exp(b - top));
}

export function nonlinearStudy(seed: number): SyntheticStudy {
  const rng = createRng(deriveSeed(seed, 'nonlinear'));
  const patients = studyPatients(THREE_SITES, rng);
  const n = patients.ids.length;
  const names = [
    ...Array.from({ length: 10 }, (_, k) => `pet_spread_${k + 1}`),
    'pet_xor_1',
    'pet_xor_2',
    ...Array.from({ length: 3 }, (_, k) => `ct_linear_${k + 1}`),
    ...Array.from({ length: NOISE }, (_, k) => `ct_noise_${k + 1}`),
  ];
  const features = names.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const c = patients.labels[i];
    for (let k = 0; k < 10; k++) features[k][i] = Math.sqrt(spread(c, k)) * rng.normal();
    const sign = rng.next() < 0.5 ? 1 : -1;
    features[10][i] = sign * XOR + rng.normal();
    features[11][i] = (c === 'low' ? sign : -sign) * XOR + rng.normal();
    for (let k = 0; k < 3; k++) features[12 + k][i] = (c === 'over' ? LINEAR_SHIFT : 0) + rng.normal();
    for (let k = 0; k < NOISE; k++) features[15 + k][i] = rng.normal();
  }
  const prior = priorOf(patients.labels);
  const posterior: ClassProbabilities[] = Array.from({ length: n }, (_, i) => {
    const logs = {} as Record<Her2Status, number>;
    for (const c of HER2_STATUSES) {
      let l = Math.log(prior[c]) + receptorLogLikelihood(c, patients.er[i], patients.pr[i]);
      for (let k = 0; k < 10; k++) l += logNormal(features[k][i], 0, spread(c, k));
      l += xorLogDensity(c, features[10][i], features[11][i]);
      for (let k = 0; k < 3; k++) l += logNormal(features[12 + k][i], c === 'over' ? LINEAR_SHIFT : 0, 1);
      logs[c] = l;
    }
    return normalise(logs);
  });
  return assembleStudy(
    'nonlinear',
    patients,
    names,
    features,
    posterior,
    (site, _j, v) => (site === 'siteC' ? 1.3 * v + 0.5 : site === 'siteB' ? Math.exp(0.6 * v) : v),
    rng,
  );
}
