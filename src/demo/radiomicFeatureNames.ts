/**
 * The 943 + 943 radiomic feature names of the demo cohort, in PyRadiomics naming
 * (`<modality>_<imageType>_<featureClass>_<FeatureName>`), the default-enabled 3D feature set of
 * PyRadiomics 3.x: 14 shape features (original image only) and 93 intensity/texture features
 * (firstorder 18, GLCM 24, GLRLM 16, GLSZM 16, GLDM 14, NGTDM 5) for each of 10 image types
 * (original, LoG sigma 1 mm, 8 wavelet bands).
 *
 * That makes 14 + 93 x 10 = 944 per modality, one more than the paper's 943, and the paper's
 * supplement (which lists the categories) is not available to us. We drop `original_glcm_SumAverage`:
 * PyRadiomics itself warns that for a symmetrical GLCM it equals 2 x JointAverage and disables it in
 * its example settings. This is our reconciliation of the count, not the authors' documented choice.
 */

export const MODALITIES = ['pet', 'ct'] as const;
export type Modality = (typeof MODALITIES)[number];

/** PyRadiomics output order: original, LoG, then the wavelet bands as pywavelets yields them. */
export const IMAGE_TYPES = [
  'original',
  'log-sigma-1-mm-3D',
  'wavelet-LLH',
  'wavelet-LHL',
  'wavelet-LHH',
  'wavelet-HLL',
  'wavelet-HLH',
  'wavelet-HHL',
  'wavelet-HHH',
  'wavelet-LLL',
] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const SHAPE_FEATURES = [
  'Elongation',
  'Flatness',
  'LeastAxisLength',
  'MajorAxisLength',
  'Maximum2DDiameterColumn',
  'Maximum2DDiameterRow',
  'Maximum2DDiameterSlice',
  'Maximum3DDiameter',
  'MeshVolume',
  'MinorAxisLength',
  'Sphericity',
  'SurfaceArea',
  'SurfaceVolumeRatio',
  'VoxelVolume',
] as const;

/** Default-enabled features per class (deprecated ones such as firstorder StandardDeviation excluded). */
export const TEXTURE_FEATURES = {
  firstorder: [
    '10Percentile',
    '90Percentile',
    'Energy',
    'Entropy',
    'InterquartileRange',
    'Kurtosis',
    'Maximum',
    'MeanAbsoluteDeviation',
    'Mean',
    'Median',
    'Minimum',
    'Range',
    'RobustMeanAbsoluteDeviation',
    'RootMeanSquared',
    'Skewness',
    'TotalEnergy',
    'Uniformity',
    'Variance',
  ],
  glcm: [
    'Autocorrelation',
    'ClusterProminence',
    'ClusterShade',
    'ClusterTendency',
    'Contrast',
    'Correlation',
    'DifferenceAverage',
    'DifferenceEntropy',
    'DifferenceVariance',
    'Id',
    'Idm',
    'Idmn',
    'Idn',
    'Imc1',
    'Imc2',
    'InverseVariance',
    'JointAverage',
    'JointEnergy',
    'JointEntropy',
    'MCC',
    'MaximumProbability',
    'SumAverage',
    'SumEntropy',
    'SumSquares',
  ],
  glrlm: [
    'GrayLevelNonUniformity',
    'GrayLevelNonUniformityNormalized',
    'GrayLevelVariance',
    'HighGrayLevelRunEmphasis',
    'LongRunEmphasis',
    'LongRunHighGrayLevelEmphasis',
    'LongRunLowGrayLevelEmphasis',
    'LowGrayLevelRunEmphasis',
    'RunEntropy',
    'RunLengthNonUniformity',
    'RunLengthNonUniformityNormalized',
    'RunPercentage',
    'RunVariance',
    'ShortRunEmphasis',
    'ShortRunHighGrayLevelEmphasis',
    'ShortRunLowGrayLevelEmphasis',
  ],
  glszm: [
    'GrayLevelNonUniformity',
    'GrayLevelNonUniformityNormalized',
    'GrayLevelVariance',
    'HighGrayLevelZoneEmphasis',
    'LargeAreaEmphasis',
    'LargeAreaHighGrayLevelEmphasis',
    'LargeAreaLowGrayLevelEmphasis',
    'LowGrayLevelZoneEmphasis',
    'SizeZoneNonUniformity',
    'SizeZoneNonUniformityNormalized',
    'SmallAreaEmphasis',
    'SmallAreaHighGrayLevelEmphasis',
    'SmallAreaLowGrayLevelEmphasis',
    'ZoneEntropy',
    'ZonePercentage',
    'ZoneVariance',
  ],
  gldm: [
    'DependenceEntropy',
    'DependenceNonUniformity',
    'DependenceNonUniformityNormalized',
    'DependenceVariance',
    'GrayLevelNonUniformity',
    'GrayLevelVariance',
    'HighGrayLevelEmphasis',
    'LargeDependenceEmphasis',
    'LargeDependenceHighGrayLevelEmphasis',
    'LargeDependenceLowGrayLevelEmphasis',
    'LowGrayLevelEmphasis',
    'SmallDependenceEmphasis',
    'SmallDependenceHighGrayLevelEmphasis',
    'SmallDependenceLowGrayLevelEmphasis',
  ],
  ngtdm: ['Busyness', 'Coarseness', 'Complexity', 'Contrast', 'Strength'],
} as const;

export type FeatureClass = 'shape' | keyof typeof TEXTURE_FEATURES;
export const TEXTURE_CLASSES = Object.keys(TEXTURE_FEATURES) as (keyof typeof TEXTURE_FEATURES)[];

/** See the file comment: dropped to reconcile 944 with the paper's 943 per modality. */
export const DROPPED_FEATURE = 'original_glcm_SumAverage';

export interface RadiomicFeature {
  /** Full column name, e.g. `pet_wavelet-LLL_firstorder_Skewness`. */
  name: string;
  modality: Modality;
  imageType: ImageType;
  featureClass: FeatureClass;
  /** PyRadiomics feature name within its class, e.g. `Skewness`. */
  feature: string;
}

function modalityFeatures(modality: Modality): RadiomicFeature[] {
  const out: RadiomicFeature[] = [];
  const add = (imageType: ImageType, featureClass: FeatureClass, feature: string): void => {
    if (`${imageType}_${featureClass}_${feature}` === DROPPED_FEATURE) return;
    out.push({
      name: `${modality}_${imageType}_${featureClass}_${feature}`,
      modality,
      imageType,
      featureClass,
      feature,
    });
  };
  for (const feature of SHAPE_FEATURES) add('original', 'shape', feature);
  for (const imageType of IMAGE_TYPES) {
    for (const featureClass of TEXTURE_CLASSES) {
      for (const feature of TEXTURE_FEATURES[featureClass]) add(imageType, featureClass, feature);
    }
  }
  return out;
}

/** PET features first, then CT; 943 each. */
export const RADIOMIC_FEATURES: readonly RadiomicFeature[] = [
  ...modalityFeatures('pet'),
  ...modalityFeatures('ct'),
];
