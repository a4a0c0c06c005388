/**
 * What the quality bench needs of a synthetic study: the cohort (with its `set` column), reliable
 * repeat readings, and per patient the exact Bayes posterior of the generating model. Shared by the
 * bench's own generators: sites with their counts, the 7:3 development split, ER/PR, per-site
 * scanner effects on the printed values.
 */
import {
  HER2_STATUSES,
  type Cohort,
  type Her2Status,
  type RepeatMeasurement,
  type SetName,
} from '../../src/cohort/cohort.js';
import type { ClassProbabilities } from '../../src/demo/bayesPosterior.js';
import type { Rng } from '../../src/stats/random.js';

export interface SyntheticStudy {
  name: string;
  cohort: Cohort;
  inter: RepeatMeasurement;
  intra: RepeatMeasurement;
  posterior: ClassProbabilities[];
  /** Sites with training rows (ComBat needs more than one). */
  trainingSites: string[];
}

export interface StudySite {
  name: string;
  counts: Record<Her2Status, number>;
  external: boolean;
}

export const THREE_SITES: StudySite[] = [
  { name: 'siteA', counts: { over: 35, low: 50, zero: 35 }, external: false },
  { name: 'siteC', counts: { over: 30, low: 40, zero: 30 }, external: false },
  { name: 'siteB', counts: { over: 25, low: 35, zero: 25 }, external: true },
];

export const ER_RATE: ClassProbabilities = { over: 0.35, low: 0.85, zero: 0.6 };
export const PR_RATE: ClassProbabilities = { over: 0.25, low: 0.75, zero: 0.5 };

export interface Patients {
  ids: string[];
  sites: string[];
  labels: Her2Status[];
  sets: SetName[];
  er: Float64Array;
  pr: Float64Array;
}

/** Patients per site and class; development rows 7:3 training / validation by order within the class. */
export function studyPatients(sites: readonly StudySite[], rng: Rng): Patients {
  const p: Omit<Patients, 'er' | 'pr'> = { ids: [], sites: [], labels: [], sets: [] };
  for (const site of sites) {
    for (const status of HER2_STATUSES) {
      const nTrain = Math.round(0.7 * site.counts[status]);
      for (let k = 0; k < site.counts[status]; k++) {
        p.ids.push(`${site.name}-${status}-${k + 1}`);
        p.sites.push(site.name);
        p.labels.push(status);
        p.sets.push(site.external ? 'external' : k < nTrain ? 'training' : 'validation');
      }
    }
  }
  const er = Float64Array.from(p.labels, (c) => (rng.next() < ER_RATE[c] ? 1 : 0));
  const pr = Float64Array.from(p.labels, (c) => (rng.next() < PR_RATE[c] ? 1 : 0));
  return { ...p, er, pr };
}

/** log P(ER, PR | class) of one patient. */
export function receptorLogLikelihood(c: Her2Status, er: number, pr: number): number {
  return Math.log(er ? ER_RATE[c] : 1 - ER_RATE[c]) + Math.log(pr ? PR_RATE[c] : 1 - PR_RATE[c]);
}

/** Normalised posterior from per-class log prior + log likelihood. */
export function normalise(logs: Record<Her2Status, number>): ClassProbabilities {
  const top = Math.max(logs.over, logs.low, logs.zero);
  const w = {
    over: Math.exp(logs.over - top),
    low: Math.exp(logs.low - top),
    zero: Math.exp(logs.zero - top),
  };
  const total = w.over + w.low + w.zero;
  return { over: w.over / total, low: w.low / total, zero: w.zero / total };
}

/**
 * The cohort from the true values (features[j][i]): reader 1 reads them as they are, readers' repeats
 * add small noise (every feature reliable), then each site's scanner maps every printed value
 * (repeats too) through `scanner(site, j, value)`.
 */
export function assembleStudy(
  name: string,
  patients: Patients,
  featureNames: string[],
  features: Float64Array[],
  posterior: ClassProbabilities[],
  scanner: (site: string, j: number, value: number) => number,
  rng: Rng,
): SyntheticStudy {
  const n = patients.ids.length;
  const read = (noise: number) =>
    features.map((column, j) =>
      Float64Array.from(column, (v, i) => scanner(patients.sites[i], j, v + noise * rng.normal())),
    );
  const printed = read(0);
  const repeat = (what: string, values: Float64Array[]): RepeatMeasurement => ({
    source: `${name} ${what}`,
    patientIds: [...patients.ids],
    featureNames: [...featureNames],
    features: values,
    categoricalNames: [],
    categorical: [],
  });
  const cohort: Cohort = {
    source: `${name} (synthetic bench study)`,
    synthetic: true,
    patientIds: [...patients.ids],
    sites: [...patients.sites],
    labels: [...patients.labels],
    sets: [...patients.sets],
    clinical: { er: patients.er, pr: patients.pr },
    featureNames,
    features: printed,
    categoricalNames: [],
    categorical: [],
  };
  if (posterior.length !== n) throw new Error(`${name}: ${posterior.length} posteriors for ${n} patients`);
  return {
    name,
    cohort,
    inter: repeat('reader 2', read(0.1)),
    intra: repeat('reader 1 second pass', read(0.08)),
    posterior,
    trainingSites: [...new Set(patients.sites.filter((_, i) => patients.sets[i] !== 'external'))],
  };
}
