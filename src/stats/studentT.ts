/**
 * Student's t distribution and the regularized incomplete beta function it rests on.
 *
 * Definitions and choices:
 * - regularizedIncompleteBeta(x, a, b) = I_x(a, b) = B(x; a, b) / B(a, b) for 0 <= x <= 1 and
 *   a, b > 0. It is evaluated with the continued fraction of Numerical Recipes (3rd ed., §6.4,
 *   modified Lentz), switching to I_x(a, b) = 1 - I_{1-x}(b, a) when x > (a + 1) / (a + b + 2),
 *   where the fraction would converge slowly. Arguments outside the domain (or NaN) give NaN.
 * - studentTCdf(t, df) = P(T <= t) for real df > 0 (Welch's df is fractional), via
 *   P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2). Both x = df/(df+t²) and 1 - x = t²/(df+t²) are
 *   formed directly, so tiny |t| (p near 1) and huge |t| (p near 0) keep their relative precision.
 *   df = Infinity gives the standard normal (private erfc via the incomplete gamma function, so
 *   this file does not depend on normal.ts).
 * - studentTTwoSidedP(t, df) = P(|T| >= |t|); t = ±Infinity gives 0, NaN gives NaN.
 */
import { logGamma, regularizedGammaQ } from './gamma.js';

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

const TINY = 1e-300;
const CONVERGENCE_EPS = 1e-15;
// The fraction needs O(sqrt(max(a, b))) terms; this bound covers df far beyond any cohort.
const MAX_ITERATIONS = 200_000;

/** Continued fraction for I_x(a, b) (Numerical Recipes betacf), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE_EPS) return h;
  }
  throw new Error(`regularizedIncompleteBeta: continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/** I_x(a, b) given x and y = 1 - x computed separately by the caller (avoids cancellation). */
function incompleteBetaWithComplement(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
}

/** Regularized incomplete beta I_x(a, b); NaN outside 0 <= x <= 1, a > 0, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1 && a > 0 && b > 0)) return NaN;
  return incompleteBetaWithComplement(x, 1 - x, a, b);
}

/** Upper tail P(T >= |t|) of Student's t, the building block of both exported functions. */
function studentTUpperTail(absT: number, df: number): number {
  if (absT === Infinity) return 0;
  if (df === Infinity) return 0.5 * erfcNonNegative(absT / Math.SQRT2);
  const t2 = absT * absT;
  const denominator = df + t2;
  // P(|T| >= |t|) = I_x(df/2, 1/2) with x = df/(df+t²); pass 1-x = t²/(df+t²) directly.
  return 0.5 * incompleteBetaWithComplement(df / denominator, t2 / denominator, df / 2, 0.5);
}

/** P(T <= t) for Student's t with df > 0 degrees of freedom (df may be fractional or Infinity). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const upper = studentTUpperTail(Math.abs(t), df);
  return t >= 0 ? 1 - upper : upper;
}

/** Two-sided p-value P(|T| >= |t|) for Student's t with df > 0 degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  return Math.min(1, 2 * studentTUpperTail(Math.abs(t), df));
}

// --- private standard-normal tail (only for df = Infinity) ---------------------------------

/** erfc(x) for x >= 0 as the regularized upper incomplete gamma Q(1/2, x²). */
function erfcNonNegative(x: number): number {
  return regularizedGammaQ(0.5, x * x);
}
