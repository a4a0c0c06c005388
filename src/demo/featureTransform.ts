/**
 * From a standard-normal-ish latent value to a value on a radiomic feature's own scale. Each feature
 * gets one monotone transform, chosen from its PyRadiomics name, so the printed values look like the
 * real thing: heavy-tailed strictly positive (log-normal) for energies, volumes, non-uniformities and
 * emphases; bounded in (0, 1) for probabilities, normalised and homogeneity measures; signed for
 * skewness, cluster shade, IMC1 and filtered intensities; Hounsfield units for CT intensities.
 */
import type { Rng } from '../stats/random.js';
import type { RadiomicFeature } from './radiomicFeatureNames.js';

export type TransformKind = 'signed' | 'positive' | 'unit';

export interface FeatureTransform {
  kind: TransformKind;
  loc: number;
  scale: number;
}

const UNIT_FEATURES = new Set([
  'Id',
  'Idm',
  'Idmn',
  'Idn',
  'Imc2',
  'MCC',
  'Correlation',
  'InverseVariance',
  'JointEnergy',
  'MaximumProbability',
  'Uniformity',
  'RunPercentage',
  'ZonePercentage',
  'SmallAreaEmphasis',
  'ShortRunEmphasis',
  'SmallDependenceEmphasis',
  'Sphericity',
  'Elongation',
  'Flatness',
]);

const INTENSITY_FEATURES = new Set(['Minimum', '10Percentile', 'Mean', 'Median', '90Percentile', 'Maximum']);

/** Names whose value grows with tumour size and spans orders of magnitude. */
export function isSizeDriven(f: RadiomicFeature): boolean {
  if (f.featureClass === 'shape') return !['Sphericity', 'Elongation', 'Flatness'].includes(f.feature);
  if (f.featureClass === 'firstorder') return f.feature === 'Energy' || f.feature === 'TotalEnergy';
  return (
    (f.feature.includes('NonUniformity') && !f.feature.endsWith('Normalized')) ||
    f.feature.startsWith('Large') ||
    f.feature === 'Busyness' ||
    f.feature === 'Coarseness'
  );
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Low-pass images keep the original's intensity scale; LoG and high-pass bands are centred on 0. */
function keepsIntensityScale(f: RadiomicFeature): boolean {
  return f.imageType === 'original' || f.imageType === 'wavelet-LLL';
}

export function chooseTransform(f: RadiomicFeature, rng: Rng): FeatureTransform {
  const name = f.feature;
  if (f.featureClass === 'shape') {
    if (UNIT_FEATURES.has(name))
      return { kind: 'unit', loc: uniform(rng, -0.5, 1.5), scale: uniform(rng, 0.3, 0.6) };
    if (name.endsWith('Volume'))
      return { kind: 'positive', loc: uniform(rng, 8.5, 9.5), scale: uniform(rng, 0.9, 1.1) };
    if (name === 'SurfaceArea')
      return { kind: 'positive', loc: uniform(rng, 7, 7.6), scale: uniform(rng, 0.6, 0.75) };
    if (name === 'SurfaceVolumeRatio')
      return { kind: 'positive', loc: uniform(rng, -1.2, -0.7), scale: 0.35 };
    return { kind: 'positive', loc: uniform(rng, 2.8, 3.6), scale: uniform(rng, 0.3, 0.4) }; // lengths, mm
  }
  if (UNIT_FEATURES.has(name) || name.endsWith('NonUniformityNormalized')) {
    return { kind: 'unit', loc: uniform(rng, -2, 2), scale: uniform(rng, 0.25, 0.7) };
  }
  if (name === 'Skewness')
    return { kind: 'signed', loc: uniform(rng, -0.3, 0.6), scale: uniform(rng, 0.3, 0.8) };
  if (name === 'ClusterShade')
    return { kind: 'signed', loc: uniform(rng, -50, 50), scale: uniform(rng, 20, 200) };
  if (name === 'Imc1')
    return { kind: 'signed', loc: uniform(rng, -0.4, -0.1), scale: uniform(rng, 0.03, 0.08) };
  if (f.featureClass === 'firstorder' && INTENSITY_FEATURES.has(name)) {
    if (!keepsIntensityScale(f))
      return { kind: 'signed', loc: uniform(rng, -1, 1), scale: uniform(rng, 0.5, 5) };
    if (f.modality === 'ct') {
      const loc =
        name === 'Maximum'
          ? uniform(rng, 120, 200)
          : name === 'Minimum'
            ? uniform(rng, -150, -60)
            : uniform(rng, -20, 60);
      return { kind: 'signed', loc, scale: uniform(rng, 15, 40) };
    }
    // PET in SUV: Maximum ~ SUVmax, Mean ~ SUVmean.
    const loc = name === 'Maximum' ? Math.log(10) : name === 'Minimum' ? Math.log(4) : Math.log(6);
    return { kind: 'positive', loc, scale: uniform(rng, 0.4, 0.55) };
  }
  if (name === 'Kurtosis')
    return { kind: 'positive', loc: uniform(rng, 1.0, 1.6), scale: uniform(rng, 0.25, 0.45) };
  if (name.includes('Entropy'))
    return { kind: 'positive', loc: uniform(rng, 0.5, 1.6), scale: uniform(rng, 0.15, 0.3) };
  if (name === 'Energy' || name === 'TotalEnergy') {
    return {
      kind: 'positive',
      loc: uniform(rng, 12, 18) + (name === 'TotalEnergy' ? 2 : 0),
      scale: uniform(rng, 0.8, 1.1),
    };
  }
  if (name === 'Coarseness')
    return { kind: 'positive', loc: uniform(rng, -7, -4), scale: uniform(rng, 0.6, 0.9) };
  if (isSizeDriven(f) || name === 'ClusterProminence') {
    return { kind: 'positive', loc: uniform(rng, 2, 9), scale: uniform(rng, 0.8, 1.1) };
  }
  return { kind: 'positive', loc: uniform(rng, -1, 4), scale: uniform(rng, 0.3, 1.0) };
}

export function applyTransform(t: FeatureTransform, latent: number): number {
  const z = t.loc + t.scale * latent;
  if (t.kind === 'signed') return z;
  if (t.kind === 'positive') return Math.exp(z);
  return 1 / (1 + Math.exp(-z));
}
