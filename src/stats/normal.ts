/**
 * Standard normal distribution: cumulative distribution function and quantile function.
 *
 * Definitions and accuracy choices:
 * - normalCdf(x) = Φ(x) = ½·erfc(−x/√2). erfc is evaluated for t ≥ 0 from two textbook expansions
 *   without fitted constants (Abramowitz & Stegun 7.1.6 and 7.1.14):
 *     t < 2:  erf(t) = (2/√π)·e^(−t²)·Σ_{n≥0} 2ⁿ t^(2n+1) / (1·3·…·(2n+1))   (all terms positive,
 *             so no cancellation), then erfc = 1 − erf (erfc ≥ 0.0047 here, so the subtraction
 *             costs at most ~2e−14 relative);
 *     t ≥ 2:  the Laplace continued fraction erfc(t) = e^(−t²)/√π · 1/(t + ½/(t + 1/(t + 3/2/(t + …)))),
 *             evaluated with the modified Lentz method. It keeps *relative* accuracy far into the
 *             tail, which matters for small two-sided p-values (Φ(−8) ≈ 6e−16 is still accurate).
 *   The lower tail (x < 0) is computed directly as ½·erfc(|x|/√2); the upper tail as 1 − that.
 *   Agreement with scipy.special.ndtr is ~1e−15 absolute and ~1e−13 relative in the tails.
 * - normalQuantile(p) = Φ⁻¹(p): Acklam's rational approximation (relative error < 1.2e−9) polished by
 *   one Halley step against normalCdf, which cubes the error (to ~1e−15). p > ½ uses the symmetry
 *   Φ⁻¹(p) = −Φ⁻¹(1 − p); 1 − p is exact there (Sterbenz), so the lower-tail code sees exact input.
 *   normalQuantile(0) = −Infinity, normalQuantile(1) = +Infinity, outside [0, 1] or NaN → NaN.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Series for erf(t), accurate for moderate t ≥ 0 (used below t = 2). */
function erfBySeries(t: number): number {
  const twoTSquared = 2 * t * t;
  let term = t;
  let sum = t;
  for (let n = 1; n < 200; n++) {
    term *= twoTSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-t * t) * sum;
}

/** Continued fraction for erfc(t), t ≥ 2, by the modified Lentz algorithm. */
function erfcByContinuedFraction(t: number): number {
  // erfc(t)·√π·e^(t²) = 1/(t + a1/(t + a2/(t + …))) with a_k = k/2.
  const tiny = 1e-300;
  let f = t;
  let c = t;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = t + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = t + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-t * t) / SQRT_PI / f;
}

/** Complementary error function for t ≥ 0. */
function erfcNonNegative(t: number): number {
  if (t < 2) return 1 - erfBySeries(t);
  if (t > 27.3) return 0; // erfc(27.3) < 5e−326 underflows anyway
  return erfcByContinuedFraction(t);
}

/** Φ(x), the standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const lowerTail = 0.5 * erfcNonNegative(Math.abs(x) * Math.SQRT1_2);
  return x < 0 ? lowerTail : 1 - lowerTail;
}

/** Two-sided p-value of a standard normal statistic z: 2·Φ(−|z|), computed in the tail for accuracy. */
export function normalTwoSidedPValue(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

// Acklam (2003) coefficients.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Acklam's approximation for 0 < p ≤ ½. */
function acklamLowerHalf(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Φ⁻¹(p) for 0 < p ≤ ½, polished by one Halley step. */
function quantileLowerHalf(p: number): number {
  const x = acklamLowerHalf(p);
  const error = normalCdf(x) - p;
  const u = error * SQRT_2PI * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Φ⁻¹(p), the standard normal quantile function. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p <= 0.5) return quantileLowerHalf(p);
  return -quantileLowerHalf(1 - p);
}
