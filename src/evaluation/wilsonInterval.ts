/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe, Stat Med 1998, method 3).
 * Chosen over the Wald interval because sensitivities near 1 and reliability bins of a handful of
 * patients are the normal case here, and the Wald interval collapses to zero width at 0/n and n/n.
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 *
 * n = 0 gives [NaN, NaN] (no proportion to bound). Bounds are clipped to [0, 1] against rounding.
 */
import { normalQuantile } from '../stats/normal.js';

export interface Proportion {
  /** successes / n (NaN when n = 0). */
  value: number;
  successes: number;
  n: number;
  /** Wilson score interval at `level` (95% by default). */
  ci95: [number, number];
}

export function wilsonInterval(successes: number, n: number, level = 0.95): [number, number] {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw new RangeError(`successes must be an integer in [0, ${n}], got ${successes}`);
  if (n === 0) return [NaN, NaN];
  const z = normalQuantile((1 + level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** successes / n with its Wilson interval. */
export function proportionWithCi(successes: number, n: number, level = 0.95): Proportion {
  return { value: n > 0 ? successes / n : NaN, successes, n, ci95: wilsonInterval(successes, n, level) };
}
