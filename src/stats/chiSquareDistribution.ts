/**
 * The chi-square distribution's upper tail, for the p-values of Pearson's chi-square test.
 *
 * Definitions and accuracy choices:
 * - regularizedGammaQ(a, x) = Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma
 *   function, for a > 0 and x >= 0. Below the transition point x < a + 1 the lower function
 *   P(a, x) is summed as the power series P = x^a e^(−x) / Γ(a+1) · Σ_k x^k / ((a+1)…(a+k))
 *   (all terms positive) and Q = 1 − P; there P <= ~0.7, so the subtraction loses at most a
 *   digit. At and above it Q is evaluated directly by Legendre's continued fraction
 *   (Numerical Recipes §6.2, modified Lentz), which keeps *relative* accuracy deep in the tail,
 *   where small p-values live. Both need O(√a) terms; the prefactor x^a e^(−x) / Γ(a) is formed
 *   in logs with the Lanczos log-gamma of studentT.ts (relative error ~1e−15), so the result is
 *   accurate to ~1e−13 relative for a up to 50 (df up to 100) and x up to ~1400 (beyond which
 *   Q underflows to 0, as scipy's does).
 * - chiSquareSurvival(x, df) = P(X >= x) for X ~ χ²(df) = Q(df/2, x/2). x <= 0 gives 1.
 *   Matches scipy.stats.chi2.sf to ~1e−13 relative for df 1..100.
 * Invalid parameters (a <= 0, df <= 0, or either not finite) throw a RangeError naming them;
 * a NaN x gives NaN (as the other distribution functions in this folder).
 */

import { logGamma } from './studentT.js';

const RELATIVE_EPS = 1e-16;
const TINY = 1e-300;
// Terms needed grow like √a; this cap is far above any df a contingency table can have.
const MAX_TERMS = 100_000;

function checkShape(a: number, what: string): void {
  if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`${what} must be a finite number > 0, got ${a}`);
}

/** log(x^a e^(−x) / Γ(a)), the prefactor shared by the series and the continued fraction. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** P(a, x) by its power series (used for x < a + 1). */
function lowerBySeries(a: number, x: number): number {
  let denominator = a;
  let term = 1 / a;
  let total = term;
  for (let k = 1; k < MAX_TERMS; k++) {
    denominator += 1;
    term *= x / denominator;
    total += term;
    if (term <= total * RELATIVE_EPS) break;
  }
  return total * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) by Legendre's continued fraction (used for x >= a + 1). */
function upperByContinuedFraction(a: number, x: number): number {
  // Q = prefactor · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let k = 1; k < MAX_TERMS; k++) {
    const numerator = -k * (k - a);
    b += 2;
    d = numerator * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const change = d * c;
    fraction *= change;
    if (Math.abs(change - 1) <= RELATIVE_EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * fraction;
}

/** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function. */
export function regularizedGammaQ(a: number, x: number): number {
  checkShape(a, 'gamma shape a');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - lowerBySeries(a, x);
  return upperByContinuedFraction(a, x);
}

/** P(X >= x) for X chi-square distributed with df > 0 degrees of freedom (df may be fractional). */
export function chiSquareSurvival(x: number, df: number): number {
  checkShape(df, 'chi-square degrees of freedom');
  return regularizedGammaQ(df / 2, x / 2);
}
