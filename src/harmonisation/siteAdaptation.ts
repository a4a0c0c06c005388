/**
 * Adapting a trained model to a new site from that site's unlabelled patients: ComBat with the
 * model's training rows as the reference batch (Zhang et al. 2018, sva::ComBat's `ref.batch`). The
 * reference keeps its values (γ = 0, δ = 1); the new site's location γ and scale δ are estimated
 * from its standardised features against the reference mean and variance, shrunk by empirical Bayes
 * across features exactly as ComBat shrinks any batch. No label is read: the new site has none.
 *
 * Why the reference alone: the model's inputs are the training rows' values (harmonised across the
 * training sites when the model has ComBat), so adjusting a new site onto that distribution puts its
 * patients where the classifiers were fitted. sva with `ref.batch` standardises by the reference
 * batch's mean and its residual variance divided by its size, which is what the model artifact's
 * training ranges give (mean, and std with n − 1, rescaled to n).
 *
 * Or, method 'quantile', by the site's whole distribution per feature (quantileMapping.ts) against
 * the training quantiles the artifact records: for a scanner whose difference is not affine.
 */
import { mean, shrinkBatchEffects, variance } from './combat.js';
import { harmoniseValue } from './harmoniseValue.js';
import { empiricalQuantiles, mapQuantile, QUANTILE_PROBABILITIES } from './quantileMapping.js';

/** The training distribution of one feature: what the model artifact records as its range. */
export interface ReferenceFeature {
  mean: number;
  /** Variance with the reference size as divisor (sva's var.pooled of the reference batch). */
  variance: number;
  /** Quantiles at QUANTILE_PROBABILITIES (the quantile method; models trained since it exists). */
  quantiles?: number[];
}

/**
 * combat: the site's location and scale (an affine map per feature, shrunk across features);
 * quantile: the site's whole distribution per feature mapped onto the reference's
 * (src/harmonisation/quantileMapping.ts), for a scanner that bends the scale, not only shifts it.
 */
export type SiteAdaptationMethod = 'combat' | 'quantile';

export interface SiteAdaptationOptions {
  method?: SiteAdaptationMethod;
  /** Empirical-Bayes shrinkage of the site's effects (default true). */
  eb?: boolean;
  /** Adjust location only (δ = 1); default false. */
  meanOnly?: boolean;
  /** Feature names, for messages. */
  featureNames?: readonly string[];
}

/** A new site's ComBat effects, per feature, in the reference's standardised units. */
export interface CombatSiteEffects {
  /** Absent on adaptations stored before the quantile method existed: they are all ComBat. */
  method?: 'combat';
  eb: boolean;
  meanOnly: boolean;
  /** Patients the effects were estimated from. */
  n: number;
  /** γ*_j: the site's location shift, in reference standard deviations. */
  gamma: number[];
  /** δ*_j: the site's variance ratio (1 when meanOnly). */
  delta: number[];
}

/** A new site's distribution per feature: its quantiles at `probabilities`. */
export interface QuantileSiteEffects {
  method: 'quantile';
  n: number;
  probabilities: number[];
  /** quantiles[j]: the site's quantiles of feature j. */
  quantiles: number[][];
}

export type SiteEffects = CombatSiteEffects | QuantileSiteEffects;

/**
 * Estimates a new site's effects from its patients' values (`columns[j][patient]`, every value
 * finite) against the reference. Needs at least 2 patients; ComBat with empirical Bayes needs 2
 * features, the quantile method the reference's quantiles.
 */
export function fitSiteEffects(
  reference: readonly ReferenceFeature[],
  columns: readonly Float64Array[],
  options: SiteAdaptationOptions = {},
): SiteEffects {
  const name = (j: number) => options.featureNames?.[j] ?? `#${j}`;
  if (columns.length !== reference.length) {
    throw new RangeError(
      `fitSiteEffects: ${columns.length} feature columns for ${reference.length} reference features`,
    );
  }
  const n = columns.length > 0 ? columns[0].length : 0;
  if (n < 2) throw new RangeError(`fitSiteEffects: the site has ${n} patients; at least 2 are needed`);
  columns.forEach((column, j) => {
    if (column.some((x) => !Number.isFinite(x)))
      throw new RangeError(`fitSiteEffects: feature ${name(j)} has a non-finite value`);
  });
  return (options.method ?? 'combat') === 'quantile'
    ? fitQuantileEffects(reference, columns, name)
    : fitCombatEffects(reference, columns, options, name);
}

function fitQuantileEffects(
  reference: readonly ReferenceFeature[],
  columns: readonly Float64Array[],
  name: (j: number) => string,
): QuantileSiteEffects {
  const quantiles = columns.map((column, j) => {
    const grid = reference[j].quantiles;
    if (!grid || grid.length !== QUANTILE_PROBABILITIES.length) {
      throw new RangeError(`fitSiteEffects: feature ${name(j)} has no reference quantiles`);
    }
    const site = empiricalQuantiles(column);
    if (!(site[site.length - 1] > site[0]))
      throw new RangeError(`fitSiteEffects: feature ${name(j)} is constant at the site`);
    return site;
  });
  return { method: 'quantile', n: columns[0].length, probabilities: [...QUANTILE_PROBABILITIES], quantiles };
}

function fitCombatEffects(
  reference: readonly ReferenceFeature[],
  columns: readonly Float64Array[],
  options: SiteAdaptationOptions,
  name: (j: number) => string,
): CombatSiteEffects {
  const eb = options.eb ?? true;
  const meanOnly = options.meanOnly ?? false;
  const n = columns[0].length;
  if (eb && columns.length < 2) {
    throw new RangeError('fitSiteEffects: empirical Bayes needs at least 2 features to estimate its priors');
  }
  const standardised = columns.map((column, j) => {
    const { mean: m, variance: v } = reference[j];
    if (!(v > 0)) throw new RangeError(`fitSiteEffects: feature ${name(j)} has no reference variance`);
    const sd = Math.sqrt(v);
    return Float64Array.from(column, (x) => (x - m) / sd);
  });
  const gammaHat = standardised.map(mean);
  const deltaHat = standardised.map((x, j) => {
    if (meanOnly) return 1;
    const v = variance(x);
    if (!(v > 0)) throw new RangeError(`fitSiteEffects: feature ${name(j)} is constant at the site`);
    return v;
  });
  const { gamma, delta } = eb
    ? shrinkBatchEffects(standardised, gammaHat, deltaHat, { parametric: true, meanOnly })
    : { gamma: gammaHat, delta: deltaHat };
  return { method: 'combat', eb, meanOnly, n, gamma: [...gamma], delta: [...delta] };
}

/**
 * The site's effects as a map of feature j's value onto the reference: ComBat's by the arithmetic
 * training sites use (harmoniseValue, batch 0), so an adapted value is computed the same way.
 */
export function siteValueMap(
  reference: readonly ReferenceFeature[],
  effects: SiteEffects,
): (j: number, x: number) => number {
  if (effects.method === 'quantile') {
    const grids = reference.map((r, j) => {
      if (!r.quantiles) throw new RangeError(`siteValueMap: reference feature #${j} has no quantiles`);
      return r.quantiles;
    });
    return (j, x) => mapQuantile(effects.quantiles[j], grids[j], x, effects.probabilities);
  }
  const adjustment = {
    grandMean: reference.map((r) => r.mean),
    varPooled: reference.map((r) => r.variance),
    gammaStar: [effects.gamma],
    deltaStar: [effects.delta],
  };
  return (j, x) => harmoniseValue(adjustment, j, 0, x);
}
