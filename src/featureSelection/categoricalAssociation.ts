/**
 * Association of a categorical input (e.g. a BI-RADS descriptor) with a binary task label, on the
 * training rows — the univariate test Shen et al. apply to qualitative MRI features.
 *
 * The test is chosen by Cochran's rule as most clinical papers apply it: Pearson's chi-square test
 * when every expected count is at least `minExpected` (default 5), otherwise Fisher's exact test,
 * whose p-value does not rely on the chi-square approximation that small expected counts break.
 * (Stricter than Cochran's "no more than 20% of cells below 5 and none below 1": any cell below 5
 * sends the table to Fisher, which is always valid, only slower.)
 *
 * The table has one row per level observed on the given rows (in order of first appearance) and
 * two columns, negative and positive; levels never seen on those rows do not enter (they carry no
 * information and would make a zero margin). 2×2 tables use Yates' correction unless
 * `yates: false` (scipy's chi2_contingency default; see stats/chiSquareTest.ts).
 *
 * Degenerate input: a column with a single observed level is constant on these rows; no test is
 * possible and the result is { test: 'constant', pValue: 1 } (no evidence, so a screen drops it).
 * A task whose rows hold only one class is an error (nothing to associate with), as is a missing
 * level (null, undefined, NaN, '') — imputation belongs to the input transform, not here.
 */

import { chiSquareTest } from '../stats/chiSquareTest.js';
import { isMissingRating, type Rating } from '../stats/cohenKappa.js';
import { fisherExactTest } from '../stats/fisherExact.js';

export type Level = Rating;

export type CategoricalTestKind = 'chi-square' | 'fisher' | 'constant';

export interface CategoricalAssociation {
  test: CategoricalTestKind;
  /** Chi-square statistic (Yates-corrected for 2×2 by default); absent for Fisher and constant. */
  statistic?: number;
  /** Chi-square degrees of freedom; absent for Fisher and constant. */
  df?: number;
  pValue: number;
  /** Observed levels, in order of first appearance on the rows. */
  levels: Level[];
  /** counts[l] = [negatives, positives] with level levels[l]. */
  counts: [number, number][];
}

export interface CategoricalAssociationOptions {
  /** Smallest expected count for which the chi-square test is used (default 5). */
  minExpected?: number;
  /** Yates' correction for 2×2 chi-square tests (default true). */
  yates?: boolean;
}

/** Level × class count table of `values` on `rows`; labels indexed by patient, truthy = positive. */
function countTable(
  values: ArrayLike<Level | null | undefined>,
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
): { levels: Level[]; counts: [number, number][] } {
  const indexOf = new Map<Level, number>();
  const counts: [number, number][] = [];
  for (let m = 0; m < rows.length; m++) {
    const row = rows[m];
    const value = values[row];
    if (isMissingRating(value))
      throw new RangeError(`categorical value at row ${row} is missing (${String(value)})`);
    let index = indexOf.get(value as Level);
    if (index === undefined) {
      indexOf.set(value as Level, (index = counts.length));
      counts.push([0, 0]);
    }
    counts[index][labels[row] ? 1 : 0]++;
  }
  return { levels: [...indexOf.keys()], counts };
}

/**
 * Tests one categorical column against the binary label on the given rows.
 * values and labels are indexed by patient; rows are patient indices (e.g. the training rows).
 */
export function categoricalAssociation(
  values: ArrayLike<Level | null | undefined>,
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  options: CategoricalAssociationOptions = {},
): CategoricalAssociation {
  const { levels, counts } = countTable(values, rows, labels);
  const negatives = counts.reduce((s, c) => s + c[0], 0);
  const positives = counts.reduce((s, c) => s + c[1], 0);
  if (negatives === 0 || positives === 0) {
    throw new RangeError(
      `categorical association needs both classes on the rows, got ${negatives} negative and ${positives} positive`,
    );
  }
  if (levels.length < 2) return { test: 'constant', pValue: 1, levels, counts };
  const chiSquare = chiSquareTest(counts, { yates: options.yates });
  const minExpected = options.minExpected ?? 5;
  const sparse = chiSquare.expected.some((row) => row.some((e) => e < minExpected));
  if (sparse) return { test: 'fisher', pValue: fisherExactTest(counts).pValue, levels, counts };
  return {
    test: 'chi-square',
    statistic: chiSquare.statistic,
    df: chiSquare.df,
    pValue: chiSquare.pValue,
    levels,
    counts,
  };
}

/** p-value per categorical column (same conventions as categoricalAssociation), for a screen. */
export function categoricalAssociationColumns(
  columns: readonly ArrayLike<Level | null | undefined>[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  options: CategoricalAssociationOptions = {},
): Float64Array {
  return Float64Array.from(columns, (column, j) => {
    try {
      return categoricalAssociation(column, rows, labels, options).pValue;
    } catch (error) {
      throw new RangeError(`categorical column ${j}: ${(error as Error).message}`);
    }
  });
}
