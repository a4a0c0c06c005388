/**
 * The chi-square distribution's upper tail, for the p-values of Pearson's chi-square test.
 *
 * Definitions and accuracy choices:
 * - regularizedGammaQ(a, x) = Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma
 *   function of src/stats/gamma.ts (re-exported here): series below x = a + 1, Legendre's continued
 *   fraction above, ~1e−13 relative for a up to 50 (df up to 100).
 * - chiSquareSurvival(x, df) = P(X >= x) for X ~ χ²(df) = Q(df/2, x/2). x <= 0 gives 1.
 *   Matches scipy.stats.chi2.sf to ~1e−13 relative for df 1..100.
 * Invalid parameters (a <= 0, df <= 0, or either not finite) throw a RangeError naming them;
 * a NaN x gives NaN (as the other distribution functions in this folder).
 */

import { checkShape, regularizedGammaQ } from './gamma.js';

export { regularizedGammaQ };

/** P(X >= x) for X chi-square distributed with df > 0 degrees of freedom (df may be fractional). */
export function chiSquareSurvival(x: number, df: number): number {
  checkShape(df, 'chi-square degrees of freedom');
  return regularizedGammaQ(df / 2, x / 2);
}
