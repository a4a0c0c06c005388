/**
 * The DKI histogram metrics of the SYNTHETIC MRI demo: for each map (ADC from b = 0/800, and the
 * DKI fit's D and K, section 2.4.2) the VOI histogram's mean, median, 5th and 95th percentile,
 * skewness, kurtosis and entropy. ADC and D print in 10^-3 mm^2/s, K is dimensionless, entropy in bits.
 *
 * Each lesion has 7 latent Gaussian coordinates per map, z = Lambda f + own noise (standardised),
 * latent = centre + sd * z. The printed metrics are an invertible map of the latents chosen so every
 * histogram is consistent whatever the draw:
 *   median = e^l, p5 = median e^(-e^a), p95 = median e^(e^b), mean = median e^delta,
 *   skewness = g, kurtosis = 1 + g^2 + e^k (>= 1 + skewness^2, as for any distribution), entropy = e^h.
 * Because the map is invertible and the same for every class, the class posterior given the printed
 * metrics equals the posterior given the latents (the Jacobian cancels), which keeps it exact.
 */

export const DKI_MAPS = ['adc', 'd', 'k'] as const;
export type DkiMap = (typeof DKI_MAPS)[number];

export const HISTOGRAM_METRICS = ['mean', 'median', 'p5', 'p95', 'skewness', 'kurtosis', 'entropy'] as const;

/** Latent coordinates per map, in this order. */
export const LATENTS = [
  'logMedian',
  'lowerSpread',
  'upperSpread',
  'meanShift',
  'skew',
  'kurt',
  'logEntropy',
] as const;
type Latent = (typeof LATENTS)[number];

/** Tissue factors shared across the maps (cellularity and heterogeneity carry the class signal). */
export const FACTORS = ['cellularity', 'heterogeneity', 'asymmetry', 'diffusivity'] as const;
type Factor = (typeof FACTORS)[number];

interface LatentSpec {
  centre: number;
  sd: number;
  loadings: Partial<Record<Factor, number>>;
  /** Inter-reader ICC this latent is measured with (3.4); intra is higher. */
  icc: number;
}

type MapSpec = Record<Latent, LatentSpec>;

const ln = Math.log;

/**
 * Centres: breast cancers at 3 T have ADC around 1.0-1.1 x 10^-3 mm^2/s, DKI D higher (kurtosis-
 * corrected) and K around 0.8-0.9. Cellularity lowers ADC and D and raises K; heterogeneity widens the
 * histograms (lower p5, higher p95, higher entropy). ICCs follow 3.4 (ADC 0.81-0.88, D 0.77-0.86,
 * K 0.76-0.89) except ADC kurtosis and K skewness, re-read poorly on purpose (ICC < 0.75).
 */
const MAPS: Record<DkiMap, MapSpec> = {
  adc: {
    logMedian: { centre: ln(1.05), sd: 0.16, loadings: { cellularity: -0.8, diffusivity: 0.4 }, icc: 0.9 },
    lowerSpread: { centre: ln(0.48), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.86 },
    upperSpread: { centre: ln(0.36), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.86 },
    meanShift: { centre: 0.02, sd: 0.015, loadings: { asymmetry: 0.7 }, icc: 0.88 },
    skew: { centre: 0.35, sd: 0.35, loadings: { asymmetry: 0.8 }, icc: 0.84 },
    kurt: { centre: ln(2.4), sd: 0.25, loadings: { asymmetry: 0.3, heterogeneity: 0.3 }, icc: 0.6 },
    logEntropy: { centre: ln(4.6), sd: 0.07, loadings: { heterogeneity: 0.7 }, icc: 0.87 },
  },
  d: {
    logMedian: { centre: ln(1.35), sd: 0.16, loadings: { cellularity: -0.8, diffusivity: 0.4 }, icc: 0.86 },
    lowerSpread: { centre: ln(0.52), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.82 },
    upperSpread: { centre: ln(0.39), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.82 },
    meanShift: { centre: 0.02, sd: 0.015, loadings: { asymmetry: 0.7 }, icc: 0.84 },
    skew: { centre: 0.3, sd: 0.35, loadings: { asymmetry: 0.8 }, icc: 0.86 },
    kurt: { centre: ln(2.4), sd: 0.25, loadings: { asymmetry: 0.3, heterogeneity: 0.3 }, icc: 0.86 },
    logEntropy: { centre: ln(4.7), sd: 0.07, loadings: { heterogeneity: 0.7 }, icc: 0.84 },
  },
  k: {
    logMedian: { centre: ln(0.85), sd: 0.14, loadings: { cellularity: 0.7 }, icc: 0.9 },
    lowerSpread: { centre: ln(0.53), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.84 },
    upperSpread: { centre: ln(0.42), sd: 0.22, loadings: { heterogeneity: 0.6 }, icc: 0.86 },
    meanShift: { centre: 0.01, sd: 0.015, loadings: { asymmetry: 0.6 }, icc: 0.84 },
    skew: { centre: 0.25, sd: 0.35, loadings: { asymmetry: 0.7 }, icc: 0.6 },
    kurt: { centre: ln(2.6), sd: 0.25, loadings: { asymmetry: 0.3, heterogeneity: 0.3 }, icc: 0.9 },
    logEntropy: { centre: ln(4.4), sd: 0.07, loadings: { heterogeneity: 0.7 }, icc: 0.88 },
  },
};

/** Share of a reader's measurement noise variance that is systematic (repeated in that reader's second pass). */
const READER_SHARE = 0.5;

export interface LatentCoordinate {
  map: DkiMap;
  latent: Latent;
  centre: number;
  sd: number;
  /** Loadings on FACTORS, in that order. */
  loadings: Float64Array;
  /** sd of the coordinate's own noise (standardised units): 1 - sum of squared loadings. */
  ownSd: number;
  /** Per-reader systematic and per-pass noise sd (standardised units). */
  readerSd: number;
  passSd: number;
}

/** The 21 latent coordinates, map-major (adc, d, k), LATENTS order within a map. */
export const DKI_COORDINATES: readonly LatentCoordinate[] = DKI_MAPS.flatMap((map) =>
  LATENTS.map((latent): LatentCoordinate => {
    const spec = MAPS[map][latent];
    const loadings = Float64Array.from(FACTORS, (f) => spec.loadings[f] ?? 0);
    const loaded = loadings.reduce((s, w) => s + w * w, 0);
    // ICC ~ 1 / (1 + noise variance) for a unit-variance coordinate.
    const noiseVariance = 1 / spec.icc - 1;
    return {
      map,
      latent,
      centre: spec.centre,
      sd: spec.sd,
      loadings,
      ownSd: Math.sqrt(1 - loaded),
      readerSd: Math.sqrt(READER_SHARE * noiseVariance),
      passSd: Math.sqrt((1 - READER_SHARE) * noiseVariance),
    };
  }),
);

/** Column names: dwi_<map>_<metric>, map-major. */
export const DKI_COLUMNS: readonly string[] = DKI_MAPS.flatMap((map) =>
  HISTOGRAM_METRICS.map((metric) => `dwi_${map}_${metric}`),
);

/** Rounds to 4 significant digits, as a workstation export would print these metrics. */
export function round4(x: number): number {
  return Number(x.toPrecision(4));
}

/** One map's 7 latent values (LATENTS order) -> its 7 metrics (HISTOGRAM_METRICS order), unrounded. */
export function histogramMetrics(latent: ArrayLike<number>): number[] {
  const [l, a, b, delta, g, k, h] = Array.from(latent);
  const median = Math.exp(l);
  return [
    median * Math.exp(delta),
    median,
    median * Math.exp(-Math.exp(a)),
    median * Math.exp(Math.exp(b)),
    g,
    1 + g * g + Math.exp(k),
    Math.exp(h),
  ];
}

/** The inverse of histogramMetrics: one map's 7 metrics -> its 7 latent values. */
export function histogramLatents(metrics: ArrayLike<number>): number[] {
  const [mean, median, p5, p95, skewness, kurtosis, entropy] = Array.from(metrics);
  return [
    Math.log(median),
    Math.log(Math.log(median / p5)),
    Math.log(Math.log(p95 / median)),
    Math.log(mean / median),
    skewness,
    Math.log(kurtosis - 1 - skewness * skewness),
    Math.log(entropy),
  ];
}

/** All 21 latent values (DKI_COORDINATES order) -> the 21 printed metrics (DKI_COLUMNS order). */
export function printedDkiMetrics(latents: Float64Array): number[] {
  const per = LATENTS.length;
  return DKI_MAPS.flatMap((_, m) => histogramMetrics(latents.subarray(m * per, (m + 1) * per)).map(round4));
}
