/**
 * A small seeded synthetic cohort for pipeline tests that need many quick trainings: a few
 * class-shifted Gaussian features per one-vs-rest task, pure-noise features, some of them measured
 * unreliably in the repeat segmentations, ER/PR with class-dependent rates, optional SUV columns.
 * Self-contained (its own PRNG) so it does not lean on the code under test.
 */
import {
  HER2_STATUSES,
  type Cohort,
  type Her2Status,
  type RepeatMeasurement,
  type SetName,
} from '../../src/cohort/cohort.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export interface SyntheticSite {
  name: string;
  counts: Record<Her2Status, number>;
  /** 'external' marks every row external in the set column; 'development' splits 7:3 in it. */
  role: 'development' | 'external';
}

export interface SyntheticCohortOptions {
  seed?: number;
  sites?: SyntheticSite[];
  /** Write a `set` column (development rows: first 70% of each class training, rest validation). */
  setColumn?: boolean;
  noiseFeatures?: number;
  /** Class-mean shift of the informative features, in SDs. */
  shift?: number;
  suv?: boolean;
}

export interface SyntheticCohort {
  cohort: Cohort;
  inter: RepeatMeasurement;
  intra: RepeatMeasurement;
  informative: Record<Her2Status, string[]>;
  /** Features whose repeat measurements are noisy (ICC well below 0.75). */
  unreliable: string[];
}

export const DEFAULT_SITES: SyntheticSite[] = [
  { name: 'siteA', counts: { over: 40, low: 50, zero: 30 }, role: 'development' },
  { name: 'siteB', counts: { over: 15, low: 20, zero: 15 }, role: 'external' },
];

const ER_RATE: Record<Her2Status, number> = { over: 0.35, low: 0.85, zero: 0.6 };
const PR_RATE: Record<Her2Status, number> = { over: 0.25, low: 0.75, zero: 0.5 };

export function syntheticCohort(options: SyntheticCohortOptions = {}): SyntheticCohort {
  const uniform = mulberry32(options.seed ?? 7);
  const normal = gaussian(uniform);
  const shift = options.shift ?? 1.2;
  const sites = options.sites ?? DEFAULT_SITES;
  const informative: Record<Her2Status, string[]> = {
    over: ['pet_sig_over_1', 'pet_sig_over_2'],
    low: ['pet_sig_low_1', 'pet_sig_low_2'],
    zero: ['pet_sig_zero_1', 'pet_sig_zero_2'],
  };
  const noise = Array.from({ length: options.noiseFeatures ?? 10 }, (_, k) => `pet_noise_${k + 1}`);
  const unreliable = noise.filter((_, k) => k % 3 === 0);
  const featureNames = [...HER2_STATUSES.flatMap((c) => informative[c]), ...noise];

  const patientIds: string[] = [];
  const siteOf: string[] = [];
  const labels: Her2Status[] = [];
  const sets: SetName[] = [];
  for (const site of sites) {
    for (const status of HER2_STATUSES) {
      const count = site.counts[status];
      const nTrain = Math.round(0.7 * count);
      for (let k = 0; k < count; k++) {
        patientIds.push(`${site.name}-${status}-${k + 1}`);
        siteOf.push(site.name);
        labels.push(status);
        sets.push(site.role === 'external' ? 'external' : k < nTrain ? 'training' : 'validation');
      }
    }
  }
  const n = labels.length;
  const features = featureNames.map(() => new Float64Array(n));
  const inter = featureNames.map(() => new Float64Array(n));
  const intra = featureNames.map(() => new Float64Array(n));
  const er = new Float64Array(n);
  const pr = new Float64Array(n);
  const suvMax = new Float64Array(n);
  const suvMean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    featureNames.forEach((name, j) => {
      const task = HER2_STATUSES.find((c) => informative[c].includes(name));
      const value = normal() + (task !== undefined && labels[i] === task ? shift : 0);
      const readerSd = unreliable.includes(name) ? 1.5 : 0.1;
      features[j][i] = value;
      inter[j][i] = value + readerSd * normal();
      intra[j][i] = value + readerSd * normal();
    });
    er[i] = uniform() < ER_RATE[labels[i]] ? 1 : 0;
    pr[i] = uniform() < PR_RATE[labels[i]] ? 1 : 0;
    suvMean[i] = 3 + Math.abs(normal());
    suvMax[i] = suvMean[i] * (1.5 + 0.3 * uniform());
  }
  const cohort: Cohort = {
    source: 'synthetic test cohort',
    synthetic: true,
    patientIds,
    sites: siteOf,
    labels,
    sets: options.setColumn === false ? null : sets,
    clinical: options.suv ? { er, pr, suv_max: suvMax, suv_mean: suvMean } : { er, pr },
    featureNames,
    features,
    categoricalNames: [],
    categorical: [],
  };
  const repeat = (columns: Float64Array[], what: string): RepeatMeasurement => ({
    source: `synthetic test cohort, ${what}`,
    patientIds: [...patientIds],
    featureNames: [...featureNames],
    categoricalNames: [],
    categorical: [],
    features: columns,
  });
  return {
    cohort,
    inter: repeat(inter, 'reader 2'),
    intra: repeat(intra, 'reader 1 again'),
    informative,
    unreliable,
  };
}

/** A deep copy of a cohort (columns copied), so a test can change values without touching the original. */
export function copyCohort(cohort: Cohort): Cohort {
  return {
    ...cohort,
    patientIds: [...cohort.patientIds],
    sites: [...cohort.sites],
    labels: [...cohort.labels],
    sets: cohort.sets ? [...cohort.sets] : null,
    clinical: Object.fromEntries(Object.entries(cohort.clinical).map(([k, v]) => [k, Float64Array.from(v!)])),
    featureNames: [...cohort.featureNames],
    features: cohort.features.map((c) => Float64Array.from(c)),
  };
}

export function copyRepeat(repeat: RepeatMeasurement): RepeatMeasurement {
  return { ...repeat, features: repeat.features.map((c) => Float64Array.from(c)) };
}
