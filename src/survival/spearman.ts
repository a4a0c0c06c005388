/**
 * Spearman rank correlation with R's cor.test(method = "spearman") p-value (two-sided):
 * - rho is Pearson's correlation of the midranks.
 * - Without ties and n < 1290, R's "exact" p of S = Σ(rank differences)², algorithm AS 89:
 *   exact enumeration of all n! permutations for n ≤ 9, AS 89's Edgeworth series for n ≥ 10.
 * - With ties (or n ≥ 1290) the t approximation t = r·sqrt((n−2)/(1−r²)) on n − 2 df.
 * The two-sided p is twice the tail on the side S falls, capped at 1.
 */
import { normalCdf } from '../stats/normal.js';
import { midranks } from '../stats/midranks.js';
import { studentTCdf } from '../stats/studentT.js';

export interface SpearmanResult {
  rho: number;
  p: number;
  /** 'exact' is R's exact (AS 89; enumeration for n ≤ 9, Edgeworth series for 10 ≤ n < 1290). */
  method: 'exact' | 't';
  n: number;
}

const EXACT_ENUMERATION_MAX_N = 9;
const EXACT_MAX_N = 1290;

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - meanA) * (b[i] - meanB);
    saa += (a[i] - meanA) ** 2;
    sbb += (b[i] - meanB) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function hasTies(values: ArrayLike<number>): boolean {
  return new Set(Array.from(values)).size < values.length;
}

/** Number of permutations π of 1..n with Σ(i − π(i))² ≥ s (Heap's algorithm). */
function countPermutationsAtLeast(n: number, s: number): number {
  const perm = Array.from({ length: n }, (_, i) => i);
  const stack = new Array<number>(n).fill(0);
  const statistic = () => perm.reduce((sum, value, i) => sum + (i - value) ** 2, 0);
  let count = statistic() >= s ? 1 : 0;
  for (let i = 0; i < n;) {
    if (stack[i] < i) {
      const j = i % 2 === 0 ? 0 : stack[i];
      [perm[j], perm[i]] = [perm[i], perm[j]];
      if (statistic() >= s) count++;
      stack[i]++;
      i = 0;
    } else {
      stack[i] = 0;
      i++;
    }
  }
  return count;
}

const EDGEWORTH = [
  0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4,
];

/** P(S ≥ is) (upper) or P(S < is) (lower) as R's prho (AS 89). */
function prho(n: number, is: number, lowerTail: boolean): number {
  if (is <= 0) return lowerTail ? 0 : 1;
  const maximum = (n * (n * n - 1)) / 3;
  if (is > maximum) return lowerTail ? 1 : 0;
  if (n <= EXACT_ENUMERATION_MAX_N) {
    let factorial = 1;
    for (let k = 2; k <= n; k++) factorial *= k;
    const atLeast = countPermutationsAtLeast(n, is);
    return (lowerTail ? factorial - atLeast : atLeast) / factorial;
  }
  const c = EDGEWORTH;
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(1 / b - 1);
  let y = x * x;
  const u =
    x *
    b *
    (c[0] +
      b * (c[1] + c[2] * b) +
      y *
        (-c[3] +
          b * (c[4] + c[5] * b) -
          y * b * (c[6] + c[7] * b - y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
  y = u / Math.exp(y / 2);
  const upper = Math.min(1, Math.max(0, y + (1 - normalCdf(x))));
  return lowerTail ? 1 - upper : upper;
}

/** Spearman's rho and its two-sided p-value; throws RangeError on bad input. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman: x has ${n} values but y has ${y.length}`);
  if (n < 3) throw new RangeError(`spearman: needs at least 3 pairs, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`spearman: x[${i}] = ${x[i]} is not finite`);
    if (!Number.isFinite(y[i])) throw new RangeError(`spearman: y[${i}] = ${y[i]} is not finite`);
  }
  if (new Set(Array.from(x)).size === 1) throw new RangeError('spearman: x is constant; rho is undefined');
  if (new Set(Array.from(y)).size === 1) throw new RangeError('spearman: y is constant; rho is undefined');
  const rho = pearson(midranks(x), midranks(y));
  const ties = hasTies(x) || hasTies(y);
  if (!ties && n < EXACT_MAX_N) {
    const s = ((n * n * n - n) * (1 - rho)) / 6;
    const lower = !(s > (n * n * n - n) / 6);
    const p = prho(n, Math.round(s) + (lower ? 2 : 0), lower);
    return { rho, p: Math.min(1, 2 * p), method: 'exact', n };
  }
  const t = rho / Math.sqrt((1 - rho * rho) / (n - 2));
  const oneSided = rho > 0 ? 1 - studentTCdf(t, n - 2) : studentTCdf(t, n - 2);
  return { rho, p: Math.min(1, 2 * oneSided), method: 't', n };
}
