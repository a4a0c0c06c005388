/**
 * The published numbers (and, where the paper gives none, our documented assumptions) that the
 * SYNTHETIC MRI demo cohort is shaped after: Shen et al., "Distinguishing Low Expression Levels of
 * Human Epidermal Growth Factor Receptor 2 in Breast Cancer: Insights from Qualitative and
 * Quantitative Magnetic Resonance Imaging Analysis", Tomography 2025;11(3):31
 * (doi 10.3390/tomography11030031; ../shared/papers/shen-her2-low-mri-features.txt).
 *
 * The stored paper text carries the Results prose but not the bodies of Tables 1-4 or S1-S5. So:
 * - `paper`: a number printed in the text (section given);
 * - `direction`: the text states only which class is higher; the size is ours, chosen so the
 *   univariate tests land near the p-values the text prints;
 * - `assumed`: the text is silent; no class effect unless stated.
 * Every entry says which. This module is the single source of truth for the MRI generator.
 */
import type { Her2Status } from '../../cohort/cohort.js';

export type Source = `paper: ${string}` | `direction: ${string}` | `assumed: ${string}`;

export interface PerClass<T> {
  zero: T;
  low: T;
  over: T;
}

/** A categorical BI-RADS descriptor: level probabilities per class, over the levels it can take. */
export interface DescriptorMarginals {
  /** Lesions the descriptor is read on; the others print `none`. */
  appliesTo: 'all' | 'mass' | 'nme';
  /** Levels in config order (reference level first), without `none`. */
  levels: readonly string[];
  /** P(level | class) for the lesions it applies to, in `levels` order. */
  probabilities: PerClass<readonly number[]>;
  source: Source;
}

/** A descriptor the paper reports no class difference for. */
const everyClass = (p: readonly number[]): PerClass<readonly number[]> => ({ zero: p, low: p, over: p });

export const SHEN2024_CITATION =
  'Shen Y, Zhang X, Zheng J, Wang S, Ding J, Sun S, Bai Q, Fu C, Wang J, Gong J, You C, Gu Y. ' +
  'Distinguishing Low Expression Levels of Human Epidermal Growth Factor Receptor 2 in Breast Cancer: ' +
  'Insights from Qualitative and Quantitative Magnetic Resonance Imaging Analysis. Tomography 2025;11(3):31. ' +
  'doi:10.3390/tomography11030031';

export const SHEN2024_MARGINALS = {
  citation: SHEN2024_CITATION,

  /** 3.1: "60 (25.9%) had HER2-zero ..., 91 (39.2%) HER2-low ..., 81 (34.9%) HER2-overexpression". */
  classCounts: { zero: 60, low: 91, over: 81 } as PerClass<number>,
  classCountsSource: 'paper: 3.1 Clinicopathologic Characteristics' as Source,

  /**
   * NME-related lesions (NME, or mass with NME) per class. 3.2 says mass lesions were more common
   * in HER2-zero and NME-related ones in HER2-over; Discussion: "the proportion of NME increases
   * with HER2 expression levels". Counts are ours (Table 2 is not in the text) and are reproduced
   * exactly, so the HER2-zero NME subgroup (15) still allows a 7:3 split with 5-fold CV on the
   * training side (about 10 zero / 21 low).
   */
  nmeCounts: { zero: 15, low: 30, over: 42 } as PerClass<number>,
  nmeCountsSource: 'direction: 3.2 and Discussion (NME share rises with HER2 level)' as Source,

  /**
   * IHC score within a class. HER2-zero is IHC 0 by definition (2.2); the 1+ / 2+ split of HER2-low
   * and 3+ / 2+ split of HER2-over are ours (2+ cases carry a FISH result, as in 2.2).
   */
  ihc2PlusShare: { zero: 0, low: 0.4, over: 0.3 } as PerClass<number>,
  ihcSource: 'assumed: 2.2 defines the classes by IHC/FISH but the split is not printed' as Source,

  /** ER >= 1% (2.2). 3.1: HER2-low "significantly higher positive rates for ER, PR, and HR". */
  erPositiveRate: { zero: 0.65, low: 0.86, over: 0.55 } as PerClass<number>,
  /** PR >= 1% given ER positive / negative (PR-positive ER-negative tumours are rare). */
  prPositiveRateGivenEr: {
    positive: { zero: 0.7, low: 0.8, over: 0.6 } as PerClass<number>,
    negative: { zero: 0.05, low: 0.05, over: 0.05 } as PerClass<number>,
  },
  receptorSource: 'direction: 3.1 (HER2-low highest ER, PR and HR positivity)' as Source,

  /**
   * Ki-67 percent: log-normal per class. 3.1: median 40%, and "a higher proportion of HER2-low
   * cases had low Ki-67 expression". The geometric means put the pooled median near 40%.
   */
  ki67: {
    geometricMean: { zero: 46, low: 31, over: 46 } as PerClass<number>,
    logSd: 0.45,
    source: 'direction: 3.1 (median 40%; HER2-low more often below it)' as Source,
  },

  /** Age in years: the text gives none; one normal for all classes. */
  age: { mean: 50, sd: 10.5, source: 'assumed: no age in the text; no class effect' as Source },

  /** 3.1: "145 patients presented with solitary lesions, while 87 had multifocal or multicentric". */
  multifocalRate: 87 / 232,
  multifocalSource: 'paper: 3.1 (87 of 232); no class effect assumed' as Source,

  /** Lesion size (mm, log-normal): 3.1 "no significant differences in lesion size among the groups". */
  lesionSizeMm: { geometricMean: 26, logSd: 0.45, source: 'paper: 3.1 no size difference' as Source },

  descriptors: {
    mri_fgt: {
      appliesTo: 'all',
      levels: ['heterogeneous', 'scattered', 'extreme', 'fatty'],
      probabilities: everyClass([0.5, 0.15, 0.25, 0.1]),
      source: 'assumed: 2.4.1 reads FGT; no difference reported',
    },
    mri_bpe: {
      appliesTo: 'all',
      levels: ['minimal', 'mild', 'moderate', 'marked'],
      probabilities: everyClass([0.35, 0.35, 0.2, 0.1]),
      source: 'assumed: 2.4.1 reads BPE; no difference reported',
    },
    mri_multifocal: {
      appliesTo: 'all',
      levels: ['no', 'yes'],
      probabilities: everyClass([145 / 232, 87 / 232]),
      source: 'paper: 3.1 (145 solitary, 87 multifocal or multicentric); no class effect assumed',
    },
    mri_t2_hyperintensity: {
      appliesTo: 'all',
      levels: ['absent', 'present'],
      probabilities: { zero: [0.72, 0.28], low: [0.51, 0.49], over: [0.72, 0.28] },
      source: 'direction: 3.2 more frequent in HER2-low than zero (p = 0.009) and over (p = 0.008)',
    },
    mri_peritumoral_edema: {
      appliesTo: 'all',
      levels: ['absent', 'present'],
      probabilities: everyClass([0.6, 0.4]),
      source: 'assumed: 2.4.1 reads edema; no difference reported',
    },
    mri_mass_shape: {
      appliesTo: 'mass',
      levels: ['oval', 'round', 'irregular'],
      probabilities: { zero: [0.45, 0.2, 0.35], low: [0.17, 0.08, 0.75], over: [0.33, 0.17, 0.5] },
      source:
        'direction: 3.2 irregular more often in HER2-low than zero (p < 0.001; OR 3.91) and over (p = 0.009; OR 2.23)',
    },
    mri_mass_margin: {
      appliesTo: 'mass',
      levels: ['circumscribed', 'not_circumscribed'],
      probabilities: { zero: [0.6, 0.4], low: [0.25, 0.75], over: [0.4, 0.6] },
      source: 'direction: 3.2 non-circumscribed more often in HER2-low than zero (p < 0.001)',
    },
    mri_mass_enhancement: {
      appliesTo: 'mass',
      levels: ['heterogeneous', 'homogeneous', 'rim'],
      probabilities: everyClass([0.55, 0.2, 0.25]),
      source: 'assumed: 2.4.1 reads mass internal enhancement; no difference reported',
    },
    mri_nme_distribution: {
      appliesTo: 'nme',
      levels: ['segmental', 'regional', 'focal', 'linear'],
      probabilities: everyClass([0.4, 0.25, 0.2, 0.15]),
      source: 'paper: 3.2 no difference for NME-related lesions (levels rarer than 15% left out)',
    },
    mri_nme_enhancement: {
      appliesTo: 'nme',
      levels: ['heterogeneous', 'clumped', 'clustered_ring'],
      probabilities: everyClass([0.4, 0.35, 0.25]),
      source: 'paper: 3.2 no difference for NME-related lesions',
    },
  } satisfies Record<string, DescriptorMarginals>,

  /**
   * DKI histogram class effect, as means of two latent tissue factors (in within-class sd units):
   * `cellularity` lowers ADC and D and raises K; `heterogeneity` widens every histogram and raises
   * its entropy. 3.3: HER2-low has lower ADC/D mean, median and 5th percentile and higher K mean,
   * median, 95th percentile and entropy than HER2-over; the difference is carried by NME-related
   * lesions (Table S3, Figure 3; single-metric AUC 0.666-0.786, combined 0.802) and absent in
   * masses (Table S4). Discussion: in NME lesions ADC and D rise with HER2 level (zero < low < over).
   * Low vs zero is not reported: a small cellularity step, no heterogeneity step.
   */
  dkiFactorMeans: {
    nme: {
      cellularity: { zero: 1.4, low: 1.15, over: 0 } as PerClass<number>,
      heterogeneity: { zero: 0.8, low: 0.8, over: 0 } as PerClass<number>,
    },
    mass: {
      cellularity: { zero: 0.25, low: 0.2, over: 0 } as PerClass<number>,
      heterogeneity: { zero: 0.05, low: 0.05, over: 0 } as PerClass<number>,
    },
    source: 'direction: 3.3, Table 4 AUCs, Discussion (NME: zero < low < over in ADC and D)' as Source,
  },

  /**
   * 3.4: kappa 0.820-0.957 for every qualitative feature; ICC 0.811-0.883 (ADC), 0.773-0.858 (D),
   * 0.761-0.892 (K). The demo departs on purpose: two descriptors (mass margin, NME internal
   * enhancement) and two metrics (ADC kurtosis, K skewness) are re-read poorly, so the reliability
   * filters have something to remove.
   */
  reliabilitySource:
    'paper: 3.4 kappa 0.820-0.957, ICC 0.761-0.892; two descriptors and two metrics made unreliable on purpose' as Source,
} as const;

export const MRI_STATUSES: readonly Her2Status[] = ['zero', 'low', 'over'];
