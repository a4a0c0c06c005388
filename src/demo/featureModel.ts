/**
 * The per-feature generative parameters of the demo cohort, fixed by the seed:
 *
 * - correlation: a nuisance feature's true value is a weighted sum of shared latent factors (tumour
 *   size, its image type x feature class block, the same feature name across image types, and a
 *   "synonym group" of near-equivalent definitions within a block) plus its own noise, scaled to unit
 *   variance. That gives the familiar radiomics picture of large families of highly correlated features.
 * - reliability: each measurement (reader, pass) adds a reader-specific per-patient deviation and a
 *   pass-specific one. About 40% of CT (manual delineation) and 20% of PET (40%-SUVmax threshold)
 *   features are unreliable (total noise sd 0.8-1.4 => ICC ~0.35-0.6), the rest reliable (sd <= 0.3).
 * - scanner shift: at institution2 the latent value gets extra scanner noise, then a per-feature
 *   affine distortion before the feature's transform.
 */
import { createRng, deriveSeed, type Rng } from '../stats/random.js';
import {
  INFORMATIVE_FEATURES,
  NEAR_DUPLICATES,
  NONLINEAR_FEATURE,
  UNRELIABLE_INFORMATIVE,
  assertSignalSpecConsistent,
} from './classSignal.js';
import { chooseTransform, isSizeDriven, type FeatureTransform } from './featureTransform.js';
import { RADIOMIC_FEATURES, type RadiomicFeature } from './radiomicFeatureNames.js';

export type FeatureRole = 'informative' | 'nonlinear' | 'nearDuplicate' | 'nuisance';

export interface FeatureSpec {
  feature: RadiomicFeature;
  role: FeatureRole;
  /** Index into INFORMATIVE_FEATURES (role informative), else -1. */
  informativeIndex: number;
  /** Index of the source feature (role nearDuplicate), else -1. */
  sourceIndex: number;
  transform: FeatureTransform;
  /** Nuisance only: indices into the patient's factor vector and their weights; plus own-noise weight. */
  factors: Int32Array;
  loadings: Float64Array;
  ownLoading: number;
  /** sd of a reader's per-patient systematic deviation (shared by that reader's passes). */
  readerSd: number;
  /** sd of a single pass's deviation. */
  passSd: number;
  /** Reader 2's constant offset on this feature (absolute-agreement ICC penalises it). */
  reader2Bias: number;
  unreliable: boolean;
  siteNoiseSd: number;
  siteScale: number;
  siteOffset: number;
}

export interface FeatureModel {
  specs: FeatureSpec[];
  /** Length of the per-patient shared-factor vector. */
  factorCount: number;
}

const UNRELIABLE_PROBABILITY = { ct: 0.4, pet: 0.2 } as const;

const GLCM_GROUPS: Record<string, string> = {
  Id: 'homogeneity',
  Idm: 'homogeneity',
  Idmn: 'homogeneity',
  Idn: 'homogeneity',
  InverseVariance: 'homogeneity',
  JointEnergy: 'energy',
  MaximumProbability: 'energy',
  JointEntropy: 'entropy',
  SumEntropy: 'entropy',
  DifferenceEntropy: 'entropy',
  Contrast: 'contrast',
  DifferenceAverage: 'contrast',
  DifferenceVariance: 'contrast',
  Autocorrelation: 'intensity',
  JointAverage: 'intensity',
  SumAverage: 'intensity',
  SumSquares: 'intensity',
  ClusterTendency: 'intensity',
  ClusterProminence: 'intensity',
  Correlation: 'correlation',
  Imc1: 'correlation',
  Imc2: 'correlation',
  MCC: 'correlation',
};

const FIRSTORDER_GROUPS: Record<string, string> = {
  '10Percentile': 'intensity',
  '90Percentile': 'intensity',
  Maximum: 'intensity',
  Mean: 'intensity',
  Median: 'intensity',
  Minimum: 'intensity',
  RootMeanSquared: 'intensity',
  InterquartileRange: 'spread',
  MeanAbsoluteDeviation: 'spread',
  Range: 'spread',
  RobustMeanAbsoluteDeviation: 'spread',
  Variance: 'spread',
  Energy: 'energy',
  TotalEnergy: 'energy',
  Entropy: 'entropy',
  Uniformity: 'entropy',
};

/** Near-equivalent definitions within one feature class (null: no close sibling). */
export function synonymGroup(f: RadiomicFeature): string | null {
  const n = f.feature;
  if (f.featureClass === 'shape') {
    if (n.endsWith('Volume') || n === 'SurfaceArea') return 'volume';
    if (n.includes('Diameter') || n.endsWith('AxisLength')) return 'length';
    return null;
  }
  if (f.featureClass === 'glcm') return GLCM_GROUPS[n] ?? null;
  if (f.featureClass === 'firstorder') return FIRSTORDER_GROUPS[n] ?? null;
  if (f.featureClass === 'ngtdm') return null;
  if (n.includes('HighGrayLevel')) return 'high';
  if (n.includes('LowGrayLevel')) return 'low';
  if (n.endsWith('NonUniformityNormalized')) return 'uniformity';
  if (n.includes('NonUniformity')) return 'size';
  if (n.includes('Entropy')) return 'entropy';
  if (n.startsWith('Small') || n.startsWith('Short') || n.endsWith('Percentage')) return 'fine';
  if (n.startsWith('Large') || n.startsWith('Long')) return 'coarse';
  return null;
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

class FactorIndex {
  private readonly keys = new Map<string, number>();
  indexOf(key: string): number {
    let i = this.keys.get(key);
    if (i === undefined) {
      i = this.keys.size;
      this.keys.set(key, i);
    }
    return i;
  }
  get size(): number {
    return this.keys.size;
  }
}

function nuisanceLoadings(f: RadiomicFeature, factorIndex: FactorIndex, rng: Rng) {
  const factors: number[] = [];
  const loadings: number[] = [];
  const add = (key: string, weight: number): void => {
    factors.push(factorIndex.indexOf(key));
    loadings.push(rng.next() < 0.15 ? -weight : weight);
  };
  // Tumour size is one factor for PET and CT: both see the same lesion.
  if (isSizeDriven(f)) add('size', uniform(rng, 0.5, 0.8));
  add(`${f.modality}|${f.imageType}|${f.featureClass}`, uniform(rng, 0.3, 0.6));
  if (f.featureClass !== 'shape') add(`${f.modality}|${f.featureClass}|${f.feature}`, uniform(rng, 0.3, 0.6));
  const group = synonymGroup(f);
  if (group !== null) add(`${f.modality}|${f.imageType}|${f.featureClass}|${group}`, uniform(rng, 0.5, 0.8));
  const own = uniform(rng, 0.25, 0.5);
  const norm = Math.sqrt(loadings.reduce((s, w) => s + w * w, own * own));
  return {
    factors: Int32Array.from(factors),
    loadings: Float64Array.from(loadings, (w) => w / norm),
    ownLoading: own / norm,
  };
}

export function buildFeatureModel(seed: number): FeatureModel {
  assertSignalSpecConsistent();
  const rng = createRng(deriveSeed(seed, 'demo-feature-model'));
  const factorIndex = new FactorIndex();
  const indexByName = new Map(RADIOMIC_FEATURES.map((f, i) => [f.name, i]));
  const informativeIndexByName = new Map(INFORMATIVE_FEATURES.map((f, i) => [f.name, i]));
  const unreliableInformative = new Set<string>(UNRELIABLE_INFORMATIVE);

  const specs = RADIOMIC_FEATURES.map((feature): FeatureSpec => {
    const informativeIndex = informativeIndexByName.get(feature.name) ?? -1;
    const sourceName = NEAR_DUPLICATES[feature.name];
    const role: FeatureRole =
      informativeIndex >= 0
        ? 'informative'
        : feature.name === NONLINEAR_FEATURE.name
          ? 'nonlinear'
          : sourceName !== undefined
            ? 'nearDuplicate'
            : 'nuisance';
    const transform = chooseTransform(feature, rng);
    const nuisance =
      role === 'nuisance'
        ? nuisanceLoadings(feature, factorIndex, rng)
        : { factors: new Int32Array(0), loadings: new Float64Array(0), ownLoading: 0 };
    // Signal-bearing features are reliable by design unless listed; the rest follow the modality's odds.
    const unreliable =
      role === 'informative' || role === 'nonlinear'
        ? unreliableInformative.has(feature.name)
        : rng.next() < UNRELIABLE_PROBABILITY[feature.modality];
    const totalSd = unreliable ? uniform(rng, 0.8, 1.4) : uniform(rng, 0.08, 0.3);
    const passShare = uniform(rng, 0.25, 0.5);
    return {
      feature,
      role,
      informativeIndex,
      sourceIndex: sourceName === undefined ? -1 : (indexByName.get(sourceName) ?? -1),
      transform,
      ...nuisance,
      readerSd: totalSd * Math.sqrt(1 - passShare),
      passSd: totalSd * Math.sqrt(passShare),
      reader2Bias: 0.3 * totalSd * rng.normal(),
      unreliable,
      siteNoiseSd: uniform(rng, 0.15, 0.4),
      siteScale: Math.exp(0.1 * rng.normal()),
      siteOffset: 0.5 * rng.normal(),
    };
  });
  // A near-duplicate is measured through its source, so it inherits the source's reliability.
  for (const spec of specs) {
    if (spec.role !== 'nearDuplicate') continue;
    if (spec.sourceIndex < 0)
      throw new Error(`near-duplicate source of ${spec.feature.name} is not a feature`);
    spec.unreliable = specs[spec.sourceIndex].unreliable;
  }
  return { specs, factorCount: factorIndex.size };
}
