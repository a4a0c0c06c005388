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
 */
import { mean, shrinkBatchEffects, variance } from './combat.js';
import type { CombatAdjustment } from './harmoniseValue.js';

/** The training distribution of one feature: what the model artifact records as its range. */
export interface ReferenceFeature {
  mean: number;
  /** Variance with the reference size as divisor (sva's var.pooled of the reference batch). */
  variance: number;
}

export interface SiteAdaptationOptions {
  /** Empirical-Bayes shrinkage of the site's effects (default true). */
  eb?: boolean;
  /** Adjust location only (δ = 1); default false. */
  meanOnly?: boolean;
  /** Feature names, for messages. */
  featureNames?: readonly string[];
}

/** A new site's fitted effects, per feature, in the reference's standardised units. */
export interface SiteEffects {
  eb: boolean;
  meanOnly: boolean;
  /** Patients the effects were estimated from. */
  n: number;
  /** γ*_j: the site's location shift, in reference standard deviations. */
  gamma: number[];
  /** δ*_j: the site's variance ratio (1 when meanOnly). */
  delta: number[];
}

/**
 * Estimates a new site's effects from its patients' values (`columns[j][patient]`, every value
 * finite) against the reference. Needs at least 2 patients, and 2 features for empirical Bayes.
 */
export function fitSiteEffects(
  reference: readonly ReferenceFeature[],
  columns: readonly Float64Array[],
  options: SiteAdaptationOptions = {},
): SiteEffects {
  const eb = options.eb ?? true;
  const meanOnly = options.meanOnly ?? false;
  const name = (j: number) => options.featureNames?.[j] ?? `#${j}`;
  if (columns.length !== reference.length) {
    throw new RangeError(
      `fitSiteEffects: ${columns.length} feature columns for ${reference.length} reference features`,
    );
  }
  const n = columns.length > 0 ? columns[0].length : 0;
  if (n < 2) throw new RangeError(`fitSiteEffects: the site has ${n} patients; at least 2 are needed`);
  if (eb && columns.length < 2) {
    throw new RangeError('fitSiteEffects: empirical Bayes needs at least 2 features to estimate its priors');
  }
  const standardised = columns.map((column, j) => {
    const { mean: m, variance: v } = reference[j];
    if (!(v > 0)) throw new RangeError(`fitSiteEffects: feature ${name(j)} has no reference variance`);
    const sd = Math.sqrt(v);
    return Float64Array.from(column, (x) => {
      if (!Number.isFinite(x))
        throw new RangeError(`fitSiteEffects: feature ${name(j)} has a non-finite value`);
      return (x - m) / sd;
    });
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
  return { eb, meanOnly, n, gamma: [...gamma], delta: [...delta] };
}

/**
 * The site's effects as the adjustment harmoniseValue applies (batch 0), so a value is moved onto
 * the reference by the same arithmetic as a training site's under ComBat.
 */
export function siteAdjustment(
  reference: readonly ReferenceFeature[],
  effects: SiteEffects,
): CombatAdjustment {
  return {
    grandMean: reference.map((r) => r.mean),
    varPooled: reference.map((r) => r.variance),
    gammaStar: [effects.gamma],
    deltaStar: [effects.delta],
  };
}
