/**
 * Quantile mapping of a site's feature onto a reference distribution: a value is placed at its
 * probability in the site's own distribution, then read off the reference's quantile function,
 *   x' = Q_ref(F_site(x)),
 * each distribution kept as a grid of its quantiles at fixed probabilities and interpolated linearly
 * between them. Where ComBat moves a site's location and scale (an affine map), this undoes any
 * monotone scanner difference (a different reconstruction kernel or normalisation that bends the
 * scale), at the price of needing more patients to pin the site's distribution down.
 *
 * Conventions (the fixture script test/fixtures/harmonisation/make_quantile_mapping_reference.py
 * computes the same with numpy):
 * - quantiles are numpy's default (linear interpolation between order statistics, R type 7);
 * - a value equal to a run of equal site quantiles takes the middle of their probabilities;
 * - beyond the site's grid the map continues linearly with the ratio of the two grids' full ranges,
 *   so it stays monotone and continuous for a patient more extreme than any the site showed.
 */

/** Probabilities of the stored quantiles: 0, 0.05, …, 1 (21 points). */
export const QUANTILE_PROBABILITIES: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

/** numpy.quantile (method 'linear') of `values` at each probability. */
export function empiricalQuantiles(
  values: ArrayLike<number>,
  probabilities: readonly number[] = QUANTILE_PROBABILITIES,
): number[] {
  if (values.length === 0) throw new RangeError('empiricalQuantiles: no values');
  const sorted = Float64Array.from(values).sort();
  return probabilities.map((p) => {
    const h = p * (sorted.length - 1);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  });
}

/** The probability of x in a distribution given by its quantile grid (linear between grid points). */
function probabilityOf(grid: readonly number[], probabilities: readonly number[], x: number): number {
  let first = 0;
  while (first < grid.length && grid[first] < x) first++;
  let last = first;
  while (last < grid.length && grid[last] === x) last++;
  if (last > first) return 0.5 * (probabilities[first] + probabilities[last - 1]);
  // grid[first − 1] < x < grid[first]
  const a = first - 1;
  return (
    probabilities[a] + ((x - grid[a]) / (grid[first] - grid[a])) * (probabilities[first] - probabilities[a])
  );
}

/** The reference quantile at probability p (linear between grid points). */
function quantileAt(grid: readonly number[], probabilities: readonly number[], p: number): number {
  let k = 0;
  while (k < probabilities.length - 2 && probabilities[k + 1] < p) k++;
  const t = (p - probabilities[k]) / (probabilities[k + 1] - probabilities[k]);
  return grid[k] + t * (grid[k + 1] - grid[k]);
}

/**
 * Maps x from the site's distribution onto the reference's. Both grids hold quantiles at the same
 * `probabilities` (starting at 0, ending at 1); the site grid must not be constant.
 */
export function mapQuantile(
  siteGrid: readonly number[],
  referenceGrid: readonly number[],
  x: number,
  probabilities: readonly number[] = QUANTILE_PROBABILITIES,
): number {
  const last = siteGrid.length - 1;
  if (x < siteGrid[0] || x > siteGrid[last]) {
    const slope = (referenceGrid[last] - referenceGrid[0]) / (siteGrid[last] - siteGrid[0]);
    return x < siteGrid[0]
      ? referenceGrid[0] + (x - siteGrid[0]) * slope
      : referenceGrid[last] + (x - siteGrid[last]) * slope;
  }
  return quantileAt(referenceGrid, probabilities, probabilityOf(siteGrid, probabilities, x));
}
