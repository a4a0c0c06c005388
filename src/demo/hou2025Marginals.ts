/**
 * The published numbers the synthetic demo cohort is calibrated to: Hou et al., "Identification of
 * HER2-over-expression, HER2-low-expression, and HER2-zero-expression statuses in breast cancer based
 * on 18F-FDG PET/CT radiomics", Cancer Imaging 2025 (doi 10.1186/s40644-025-00880-2).
 *
 * This module is the single source of truth; training/hou2025-cohort.json is the human-readable
 * record of the same object (test/demo/hou2025Marginals.test.ts fails when the two differ).
 */
import type { Her2Status, SetName } from '../cohort/cohort.js';

export interface MeanSd {
  mean: number;
  sd: number;
}

/** One (set, HER2 class) column of Table 1 or Table 2. */
export interface ClassMarginals {
  n: number;
  /** Patients with ER >= 1% (the paper's positivity threshold). */
  erPositive: number;
  /** Patients with PR >= 1%. */
  prPositive: number;
  /** Patients with Ki-67 >= 14%. */
  ki67High: number;
  age: MeanSd;
  suvMax: MeanSd;
  suvMean: MeanSd;
}

export interface SetMarginals {
  site: 'institution1' | 'institution2';
  /** Where in the paper the column comes from. */
  source: string;
  classes: Record<Her2Status, ClassMarginals>;
}

export interface Hou2025Marginals {
  citation: string;
  /** Rows used from the tables, as printed (ER/PR/Ki-67 are the "Positive" / ">= 14" rows). */
  rows: string;
  sets: Record<SetName, SetMarginals>;
  /**
   * Table 3, the radiomic features the paper selected per one-vs-rest task, with the text's OCR
   * typos corrected ("glcmm" -> "glcm", "glrIm" -> "glrlm"). The printed table runs the three
   * lists together; the counts in Results (8, 10 and 2 features) split it.
   */
  table3: { source: string; features: Record<Her2Status, string[]> };
}

export const HOU2025_MARGINALS: Hou2025Marginals = {
  citation:
    'Hou X, Chen K, Luo H, Xu W, Li X. Identification of HER2-over-expression, HER2-low-expression, and ' +
    'HER2-zero-expression statuses in breast cancer based on 18F-FDG PET/CT radiomics. Cancer Imaging 2025. ' +
    'doi:10.1186/s40644-025-00880-2',
  rows:
    'Age, SUVmax, SUVmean: "mean ± sd" rows; ER: "Positive" row; PR: "Positive" row; Ki-67: "≥ 14" row; ' +
    'n: column headers (Results, "Clinicopathological characteristics in the internal and external institutions")',
  sets: {
    training: {
      site: 'institution1',
      source: 'Table 1 (internal institution), "Training set (n = 150)" columns',
      classes: {
        over: {
          n: 52,
          erPositive: 23,
          prPositive: 14,
          ki67High: 50,
          age: { mean: 50.79, sd: 11.05 },
          suvMax: { mean: 11.41, sd: 5.67 },
          suvMean: { mean: 6.55, sd: 3.35 },
        },
        low: {
          n: 65,
          erPositive: 51,
          prPositive: 45,
          ki67High: 65,
          age: { mean: 52.8, sd: 12.46 },
          suvMax: { mean: 10.96, sd: 6.3 },
          suvMean: { mean: 6.6, sd: 3.72 },
        },
        zero: {
          n: 33,
          erPositive: 22,
          prPositive: 18,
          ki67High: 30,
          age: { mean: 52.36, sd: 13.31 },
          suvMax: { mean: 11.14, sd: 5.76 },
          suvMean: { mean: 6.66, sd: 3.91 },
        },
      },
    },
    validation: {
      site: 'institution1',
      source: 'Table 1 (internal institution), "Independent validation set (n = 65)" columns',
      classes: {
        over: {
          n: 27,
          erPositive: 16,
          prPositive: 19,
          ki67High: 26,
          age: { mean: 54.0, sd: 10.62 },
          suvMax: { mean: 11.91, sd: 4.98 },
          suvMean: { mean: 7.1, sd: 2.83 },
        },
        low: {
          n: 31,
          erPositive: 26,
          prPositive: 23,
          ki67High: 29,
          age: { mean: 53.71, sd: 11.69 },
          suvMax: { mean: 10.16, sd: 4.9 },
          suvMean: { mean: 6.12, sd: 2.84 },
        },
        zero: {
          n: 7,
          erPositive: 3,
          prPositive: 2,
          ki67High: 7,
          age: { mean: 60.57, sd: 13.0 },
          suvMax: { mean: 10.83, sd: 6.74 },
          suvMean: { mean: 6.12, sd: 3.81 },
        },
      },
    },
    external: {
      site: 'institution2',
      source: 'Table 2 (external institution), "External validation set (n = 100)" columns',
      classes: {
        over: {
          n: 25,
          erPositive: 14,
          prPositive: 11,
          ki67High: 25,
          age: { mean: 52.16, sd: 8.89 },
          suvMax: { mean: 13.15, sd: 5.94 },
          suvMean: { mean: 6.05, sd: 1.68 },
        },
        low: {
          n: 45,
          erPositive: 34,
          prPositive: 29,
          ki67High: 40,
          age: { mean: 54.98, sd: 10.36 },
          suvMax: { mean: 11.43, sd: 7.62 },
          suvMean: { mean: 4.97, sd: 1.86 },
        },
        zero: {
          n: 30,
          erPositive: 17,
          prPositive: 15,
          ki67High: 28,
          age: { mean: 46.13, sd: 10.81 },
          suvMax: { mean: 13.67, sd: 6.52 },
          suvMean: { mean: 5.85, sd: 1.6 },
        },
      },
    },
  },
  table3: {
    source:
      'Table 3 "Final selected radiomics features to identify HER2 expression status"; counts from Results',
    features: {
      over: [
        'ct_original_shape_MajorAxisLength',
        'pet_wavelet-LLL_firstorder_Skewness',
        'pet_log-sigma-1-mm-3D_glcm_MCC',
        'ct_wavelet-HHH_glszm_ZoneEntropy',
        'ct_original_firstorder_Maximum',
        'pet_original_glrlm_RunLengthNonUniformityNormalized',
        'ct_wavelet-LHH_glszm_LargeAreaHighGrayLevelEmphasis',
        'ct_log-sigma-1-mm-3D_glszm_LargeAreaHighGrayLevelEmphasis',
      ],
      low: [
        'pet_wavelet-HHL_firstorder_Kurtosis',
        'ct_wavelet-HHH_glszm_LargeAreaHighGrayLevelEmphasis',
        'pet_wavelet-LHH_gldm_DependenceNonUniformityNormalized',
        'pet_wavelet-LLL_firstorder_Skewness',
        'pet_wavelet-HLH_glcm_JointEnergy',
        'ct_wavelet-LLH_glcm_InverseVariance',
        'ct_log-sigma-1-mm-3D_glszm_LargeAreaHighGrayLevelEmphasis',
        'pet_wavelet-LHH_glszm_GrayLevelNonUniformity',
        'ct_wavelet-LLH_glszm_SmallAreaLowGrayLevelEmphasis',
        'pet_original_glszm_SmallAreaLowGrayLevelEmphasis',
      ],
      zero: ['pet_wavelet-HHL_glcm_MaximumProbability', 'ct_wavelet-HHH_glszm_ZoneEntropy'],
    },
  },
};
