/**
 * Pearson's chi-square test of independence on an r×c contingency table (Shen et al. test the
 * BI-RADS descriptors against HER2 status this way).
 *
 * Definitions (those of scipy.stats.chi2_contingency, which the tests compare against):
 * - expected[i][j] = rowTotal[i] · columnTotal[j] / n;  statistic = Σ (O − E)² / E;
 *   df = (r − 1)(c − 1);  p = P(χ²(df) >= statistic).
 * - Yates' continuity correction, applied only when df = 1 (a 2×2 table) and `yates` is not false
 *   (default true, as scipy's correction=True): every observed count moves 0.5 towards its expected
 *   count, but never past it (min(0.5, |O − E|)), so a table that already fits gets statistic 0
 *   rather than an inflated one. Chosen as default to agree with scipy's defaults and because the
 *   uncorrected 2×2 test is anti-conservative at the small counts of a 232-patient study.
 * - df = 0 (a single row or a single column): nothing can be tested; statistic 0, p = 1 (as scipy).
 * Bad input is a RangeError naming what is wrong: a ragged or empty table, a negative or non-finite
 * count, or a row or column whose total is 0 (its expected counts would be 0 and the statistic
 * 0/0; scipy raises too). Callers that meet unobserved levels drop them first
 * (see featureSelection/categoricalAssociation.ts).
 */

import { chiSquareSurvival } from './chiSquareDistribution.js';

export type ContingencyTable = readonly (readonly number[])[];

export interface ChiSquareTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence, same shape as the table. */
  expected: number[][];
  /** Whether Yates' correction was applied (only ever for df = 1). */
  yatesCorrected: boolean;
}

export interface ChiSquareTestOptions {
  /** Apply Yates' continuity correction when df = 1 (default true, as scipy). */
  yates?: boolean;
}

export interface TableMargins {
  rowTotals: number[];
  columnTotals: number[];
  total: number;
}

/** Checks a count table (rectangular, non-empty, finite counts >= 0) and returns its margins. */
export function contingencyMargins(table: ContingencyTable): TableMargins {
  if (table.length === 0 || table[0].length === 0) throw new RangeError('contingency table is empty');
  const width = table[0].length;
  const rowTotals = new Array<number>(table.length).fill(0);
  const columnTotals = new Array<number>(width).fill(0);
  table.forEach((row, i) => {
    if (row.length !== width) {
      throw new RangeError(`contingency table row ${i} has ${row.length} cells, row 0 has ${width}`);
    }
    row.forEach((count, j) => {
      if (!(count >= 0 && Number.isFinite(count))) {
        throw new RangeError(
          `contingency table cell [${i}][${j}] is ${count}; counts must be finite and >= 0`,
        );
      }
      rowTotals[i] += count;
      columnTotals[j] += count;
    });
  });
  return { rowTotals, columnTotals, total: rowTotals.reduce((s, t) => s + t, 0) };
}

function requireNonZeroMargins({ rowTotals, columnTotals }: TableMargins): void {
  const zeroRow = rowTotals.indexOf(0);
  if (zeroRow >= 0) throw new RangeError(`contingency table row ${zeroRow} has total 0`);
  const zeroColumn = columnTotals.indexOf(0);
  if (zeroColumn >= 0) throw new RangeError(`contingency table column ${zeroColumn} has total 0`);
}

/** Expected counts under independence, rowTotal · columnTotal / n. */
export function expectedCounts({ rowTotals, columnTotals, total }: TableMargins): number[][] {
  return rowTotals.map((r) => columnTotals.map((c) => (r * c) / total));
}

/** Pearson chi-square test of independence, two-sided by construction (upper tail of χ²). */
export function chiSquareTest(
  table: ContingencyTable,
  options: ChiSquareTestOptions = {},
): ChiSquareTestResult {
  const margins = contingencyMargins(table);
  requireNonZeroMargins(margins);
  const expected = expectedCounts(margins);
  const df = (table.length - 1) * (table[0].length - 1);
  if (df === 0) return { statistic: 0, df, pValue: 1, expected, yatesCorrected: false };
  const yatesCorrected = df === 1 && options.yates !== false;
  let statistic = 0;
  table.forEach((row, i) =>
    row.forEach((observed, j) => {
      const e = expected[i][j];
      let deviation = Math.abs(observed - e);
      if (yatesCorrected) deviation -= Math.min(0.5, deviation);
      statistic += (deviation * deviation) / e;
    }),
  );
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), expected, yatesCorrected };
}
