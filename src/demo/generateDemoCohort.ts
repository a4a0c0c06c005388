/**
 * The seeded SYNTHETIC demo cohort: 315 patients x (clinical columns + 943 PET + 943 CT radiomic
 * features) shaped after Hou et al. 2025, plus a repeat segmentation of every lesion by a second reader
 * (inter) and by the first reader again (intra), as in the paper's Methods, plus the generating
 * ground truth.
 * Pure: no I/O; the same seed gives the same numbers.
 *
 * Per patient: class (and clinical columns) from demoPatients.ts; latent class scores and the
 * non-linear score (classSignal.ts); true feature values (featureModel.ts); measured values per
 * reader pass; the institution2 scanner distortion; each feature's transform; 6 significant digits.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { classPosterior, type ClassProbabilities } from './bayesPosterior.js';
import {
  CLASS_SIGNAL_SHIFT,
  INFORMATIVE_FEATURES,
  NEAR_DUPLICATE_NOISE,
  NEAR_DUPLICATES,
  NONLINEAR_FEATURE,
  informativeFeaturesByTask,
} from './classSignal.js';
import { generateDemoPatients, type DemoPatient } from './demoPatients.js';
import { buildFeatureModel, type FeatureModel } from './featureModel.js';
import { applyTransform } from './featureTransform.js';
import { buildPosteriorModel } from './posteriorModels.js';

export const DEMO_SEED = 20250101;

export interface DemoTruth {
  /** Per one-vs-rest task, the features whose class means the generator shifts (Table 3's lists). */
  informativeFeatures: Record<Her2Status, string[]>;
  /** Features with equal class means but class-dependent spread (invisible to a t-test). */
  nonlinearFeatures: string[];
  /** Features generated with segmentation noise large enough for ICC < 0.75. */
  unreliableFeatures: string[];
  /** proxy -> informative source: noisy copies, significant but redundant. */
  nearDuplicates: Record<string, string>;
  /**
   * Per patient (row order), the exact P(class | informative and non-linear features as measured by
   * reader 1, ER, PR, site): see bayesPosterior.ts for what it conditions on.
   */
  posterior: ClassProbabilities[];
}

export interface DemoCohort {
  seed: number;
  patients: DemoPatient[];
  featureNames: string[];
  /** Column-major like Cohort: features[j][i] = feature j of patient i (reader 1, first pass). */
  features: Float64Array[];
  /** Repeat segmentations of the same lesions, same feature order. */
  repeat: {
    patientIds: string[];
    /** Reader 2. */
    inter: Float64Array[];
    /** Reader 1, second pass. */
    intra: Float64Array[];
  };
  truth: DemoTruth;
}

/**
 * Rounds to 6 significant digits (what the CSV prints, so the shortest representation is short and
 * reads back to the same double). Arithmetic rather than toPrecision: it runs ~700k times.
 * Dividing or multiplying by an exact power of ten gives the double nearest the decimal.
 */
export function round6(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const k = 5 - Math.floor(Math.log10(Math.abs(x)));
  if (k >= 0) {
    const f = 10 ** k;
    return Math.round(x * f) / f;
  }
  const f = 10 ** -k;
  return Math.round(x / f) * f;
}

/** The three measurement passes: reader 1 (cohort), reader 1 again (intra), reader 2 (inter). */
type Pass = 'reader1' | 'reader1Again' | 'reader2';

interface PatientRadiomics {
  measured: Record<Pass, Float64Array>;
  /** Informative features' reader-1 measured latents (posterior input) and the non-linear one. */
  informative: Float64Array;
  nonlinear: number;
}

function patientRadiomics(model: FeatureModel, seed: number, patient: DemoPatient): PatientRadiomics {
  const rng = createRng(deriveSeed(seed, 'demo-radiomics', patient.patientId));
  const specs = model.specs;
  const p = specs.length;
  const factors = Float64Array.from({ length: model.factorCount }, () => rng.normal());
  const scores = HER2_STATUSES.map(
    (c) => rng.normal() + (c === patient.her2Status ? CLASS_SIGNAL_SHIFT[c] : 0),
  );
  const nonlinearScore = NONLINEAR_FEATURE.sd[patient.her2Status] * rng.normal();

  const truth = new Float64Array(p);
  const duplicateNoise = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const spec = specs[j];
    if (spec.role === 'informative') {
      const f = INFORMATIVE_FEATURES[spec.informativeIndex];
      const signal =
        f.direction.over * scores[0] + f.direction.low * scores[1] + f.direction.zero * scores[2];
      truth[j] = f.kappa * signal + Math.sqrt(1 - f.kappa ** 2) * rng.normal();
    } else if (spec.role === 'nonlinear') {
      truth[j] = nonlinearScore;
    } else if (spec.role === 'nearDuplicate') {
      duplicateNoise[j] = NEAR_DUPLICATE_NOISE * rng.normal();
    } else {
      let v = spec.ownLoading * rng.normal();
      for (let k = 0; k < spec.factors.length; k++) v += spec.loadings[k] * factors[spec.factors[k]];
      truth[j] = v;
    }
  }

  const external = patient.site === 'institution2';
  const scanner = new Float64Array(p);
  if (external) for (let j = 0; j < p; j++) scanner[j] = specs[j].siteNoiseSd * rng.normal();
  const reader1 = new Float64Array(p);
  for (let j = 0; j < p; j++) reader1[j] = specs[j].readerSd * rng.normal();

  const measure = (readerDeviation: Float64Array, bias: boolean): Float64Array => {
    const m = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const spec = specs[j];
      if (spec.role === 'nearDuplicate') continue;
      m[j] =
        truth[j] +
        readerDeviation[j] +
        spec.passSd * rng.normal() +
        scanner[j] +
        (bias ? spec.reader2Bias : 0);
    }
    // A near-duplicate is computed from the same segmentation as its source.
    const norm = Math.sqrt(1 + NEAR_DUPLICATE_NOISE ** 2);
    for (let j = 0; j < p; j++) {
      if (specs[j].role === 'nearDuplicate') m[j] = (m[specs[j].sourceIndex] + duplicateNoise[j]) / norm;
    }
    return m;
  };

  const first = measure(reader1, false);
  const informative = new Float64Array(INFORMATIVE_FEATURES.length);
  let nonlinear = 0;
  for (let j = 0; j < p; j++) {
    if (specs[j].role === 'informative') informative[specs[j].informativeIndex] = first[j];
    if (specs[j].role === 'nonlinear') nonlinear = first[j];
  }
  const again = measure(reader1, false);
  const reader2 = Float64Array.from(specs, (s) => s.readerSd * rng.normal());
  const second = measure(reader2, true);
  return { measured: { reader1: first, reader1Again: again, reader2: second }, informative, nonlinear };
}

/** Scanner distortion (institution2 only), the feature's transform, 6 significant digits. */
function printedValue(model: FeatureModel, j: number, latent: number, external: boolean): number {
  const spec = model.specs[j];
  const distorted = external ? spec.siteScale * latent + spec.siteOffset : latent;
  return round6(applyTransform(spec.transform, distorted));
}

export function generateDemoCohort(seed: number = DEMO_SEED): DemoCohort {
  const model = buildFeatureModel(seed);
  const patients = generateDemoPatients(seed);
  const posteriorModels = {
    institution1: buildPosteriorModel(model, 'institution1'),
    institution2: buildPosteriorModel(model, 'institution2'),
  };
  const p = model.specs.length;
  const n = patients.length;
  const features = Array.from({ length: p }, () => new Float64Array(n));
  // The paper's readers segmented every lesion (and the pipeline aligns repeats to every patient).
  const repeatIds = patients.map((x) => x.patientId);
  const inter = Array.from({ length: p }, () => new Float64Array(n));
  const intra = Array.from({ length: p }, () => new Float64Array(n));
  const posterior: ClassProbabilities[] = [];

  patients.forEach((patient, i) => {
    const radiomics = patientRadiomics(model, seed, patient);
    const external = patient.site === 'institution2';
    const { reader1, reader1Again, reader2 } = radiomics.measured;
    for (let j = 0; j < p; j++) {
      features[j][i] = printedValue(model, j, reader1[j], external);
      intra[j][i] = printedValue(model, j, reader1Again[j], external);
      inter[j][i] = printedValue(model, j, reader2[j], external);
    }
    posterior.push(
      classPosterior(
        posteriorModels[patient.site],
        radiomics.informative,
        radiomics.nonlinear,
        patient.er,
        patient.pr,
      ),
    );
  });

  return {
    seed,
    patients,
    featureNames: model.specs.map((s) => s.feature.name),
    features,
    repeat: { patientIds: repeatIds, inter, intra },
    truth: {
      informativeFeatures: informativeFeaturesByTask(),
      nonlinearFeatures: [NONLINEAR_FEATURE.name],
      unreliableFeatures: model.specs.filter((s) => s.unreliable).map((s) => s.feature.name),
      nearDuplicates: { ...NEAR_DUPLICATES },
      posterior,
    },
  };
}
