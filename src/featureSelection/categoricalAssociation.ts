/**
 * Association of a categorical candidate with a binary task label on training rows, as Shen et al.
 * test BI-RADS descriptors: Pearson's chi-square test on the 2 × levels table, or Fisher's exact test
 * when any expected count is below 5 (Cochran's rule, the usual clinical-statistics convention).
 * Levels absent from the training rows are dropped from the table (an empty column has no expected
 * count); with fewer than two observed levels there is nothing to test and p = 1. Fisher's test is
 * enumerated for up to FISHER_MAX_LEVELS levels; a wider sparse table falls back to chi-square.
 */
import { chiSquareTest, contingencyMargins, expectedCounts } from '../stats/chiSquareTest.js';
import { fisherExactTest } from '../stats/fisherExact.js';

export const FISHER_MAX_LEVELS = 6;
export const SMALL_EXPECTED_COUNT = 5;

export interface CategoricalAssociation {
  test: 'chi-square' | 'fisher' | 'none';
  p: number;
}

/** @param codes level index per training row; @param y label per training row (1 positive). */
export function categoricalAssociation(
  codes: ArrayLike<number>,
  levels: number,
  y: ArrayLike<number>,
): CategoricalAssociation {
  const counts = [new Array<number>(levels).fill(0), new Array<number>(levels).fill(0)];
  for (let m = 0; m < codes.length; m++) counts[y[m] ? 1 : 0][codes[m]]++;
  const observed = Array.from({ length: levels }, (_, k) => k).filter((k) => counts[0][k] + counts[1][k] > 0);
  const table = counts.map((row) => observed.map((k) => row[k]));
  if (observed.length < 2 || table.some((row) => row.every((c) => c === 0))) return { test: 'none', p: 1 };
  const expected = expectedCounts(contingencyMargins(table));
  const sparse = expected.some((row) => row.some((e) => e < SMALL_EXPECTED_COUNT));
  if (sparse && observed.length <= FISHER_MAX_LEVELS) return { test: 'fisher', p: fisherExactTest(table).pValue };
  return { test: 'chi-square', p: chiSquareTest(table).pValue };
}
