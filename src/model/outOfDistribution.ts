/**
 * How far an input may lie outside its training range. Distances are counted in training standard
 * deviations beyond the training minimum / maximum: past WARN_SDS a prediction carries a warning;
 * past the reject bound (configurable, default DEFAULT_REJECT_SDS) the model is not trusted and the
 * patient is refused unless the caller explicitly allows it.
 */
import type { FeatureRange } from './artifact.js';

/** Past this many training SDs beyond the range, a prediction warns (and is still made). */
export const OUT_OF_DISTRIBUTION_WARN_SDS = 3;

/** Past this many training SDs beyond the range, a patient is refused unless explicitly allowed. */
export const DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS = 10;

/**
 * Largest magnitude a scaled input (z = (x − mean) / std) reaches the classifiers with. Far beyond
 * any trusted input (the reject bound is a few tens of SDs), yet small enough that no classifier's
 * arithmetic (a linear score, a squared distance over all inputs) can overflow: an allowed input at
 * 1e308 would otherwise scale to Infinity, and Infinity − Infinity in a linear score is NaN.
 */
export const MAX_SCALED_INPUT = 1e6;

/** One training SD of the input; a constant training column falls back to 10% of its mean (or 1). */
export function trainingSd(range: FeatureRange): number {
  return range.std > 0 ? range.std : Math.abs(range.mean) * 0.1 || 1;
}

/** The interval of values within `sds` training SDs of the training range. */
export function boundsWithin(range: FeatureRange, sds: number): { low: number; high: number } {
  const margin = sds * trainingSd(range);
  return { low: range.min - margin, high: range.max + margin };
}

export function clampScaled(z: number): number {
  return z > MAX_SCALED_INPUT ? MAX_SCALED_INPUT : z < -MAX_SCALED_INPUT ? -MAX_SCALED_INPUT : z;
}
