/**
 * Fisher's exact test of independence, two-sided, for 2×c (or r×2) contingency tables — the test
 * Shen et al. use for categorical MRI descriptors when expected counts are small.
 *
 * Definition: conditional on both margins, a 2×c table with first-row entries x_1..x_c has the
 * multivariate hypergeometric probability P(x) = Π_j C(colTotal_j, x_j) / C(n, rowTotal_1). The
 * two-sided p-value is the total probability of all tables with P(x) <= P(observed)·(1 + 1e−7);
 * the relative slack absorbs rounding between tables whose probabilities are mathematically equal
 * (R's fisher.test uses the same 1e−7; scipy's 2×2 code uses 1e−14 — no table in practice has a
 * probability between those two bounds, so both agree with this).
 *
 * Algorithm (exact, no Monte Carlo): tables are enumerated column by column, as in Mehta & Patel's
 * network algorithm. For every (column j, count s still to place in the first row) the largest and
 * smallest achievable log-weight of the remaining columns, and their total weight
 * Σ Π C(c_i, x_i) = C(Σ c_i, s) (Vandermonde), are precomputed; a partial table whose every
 * completion is below the threshold adds its whole subtree at once, and one whose every completion
 * is above it is skipped. So only partial tables straddling the threshold are expanded, which keeps
 * c up to ~6 and n up to a few hundred fast.
 *
 * Degenerate tables (defined, not errors): columns (or rows, for r×2) with total 0 are dropped —
 * they carry no information and contribute the factor C(0, 0) = 1. If a row total is 0 or fewer
 * than two non-empty columns remain, only the observed table is possible and p = 1.
 * The 2×2 sample odds ratio (a·d)/(b·c) is returned as scipy.stats.fisher_exact does: Infinity when
 * b·c = 0 (then a·d > 0), and NaN — documented: undefined — when a row or column total is 0.
 * Bad input (not 2×c or r×2, negative, fractional or non-finite counts, ragged) is a RangeError.
 */

import { contingencyMargins, type ContingencyTable } from './chiSquareTest.js';
import { logGamma } from './gamma.js';

export interface FisherExactResult {
  pValue: number;
  /** Sample odds ratio (a·d)/(b·c) for a 2×2 table; null for larger tables. */
  oddsRatio: number | null;
}

/** Relative tolerance on "probability <= observed", as R's fisher.test. */
const RELATIVE_TOLERANCE = 1e-7;

/** ln C(n, k) for integers 0 <= k <= n. */
function logBinomial(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** The first row and the column totals of a 2×c table, the form the enumeration works on. */
interface TwoRowTable {
  firstRow: number[];
  columnTotals: number[];
}

function asTwoRows(table: ContingencyTable): TwoRowTable {
  const margins = contingencyMargins(table);
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      if (!Number.isInteger(count)) {
        throw new RangeError(
          `contingency table cell [${i}][${j}] is ${count}; Fisher's test needs whole counts`,
        );
      }
    }),
  );
  if (table.length === 2) return { firstRow: [...table[0]], columnTotals: margins.columnTotals };
  if (table[0].length === 2) return { firstRow: table.map((row) => row[0]), columnTotals: margins.rowTotals };
  throw new RangeError(
    `Fisher's exact test needs a 2×c or r×2 table, got ${table.length}×${table[0].length}`,
  );
}

function sampleOddsRatio(table: ContingencyTable): number {
  const [[a, b], [c, d]] = table;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return NaN;
  return b * c === 0 ? Infinity : (a * d) / (b * c);
}

/**
 * Per suffix of columns j.. and first-row remainder s: extreme log-weights of the completions and
 * the log of their total weight. Entries for infeasible s stay NaN and are never read.
 */
interface SuffixBounds {
  maxLog: Float64Array[];
  minLog: Float64Array[];
  totalLog: Float64Array[];
  suffixTotals: number[];
}

function suffixBounds(columnTotals: number[], rowTotal: number): SuffixBounds {
  const k = columnTotals.length;
  const suffixTotals = new Array<number>(k + 1).fill(0);
  for (let j = k - 1; j >= 0; j--) suffixTotals[j] = suffixTotals[j + 1] + columnTotals[j];
  const make = () => Array.from({ length: k + 1 }, () => new Float64Array(rowTotal + 1).fill(NaN));
  const maxLog = make();
  const minLog = make();
  const totalLog = make();
  maxLog[k][0] = minLog[k][0] = totalLog[k][0] = 0;
  for (let j = k - 1; j >= 0; j--) {
    const cj = columnTotals[j];
    for (let s = 0; s <= Math.min(rowTotal, suffixTotals[j]); s++) {
      let best = -Infinity;
      let worst = Infinity;
      for (let x = Math.max(0, s - suffixTotals[j + 1]); x <= Math.min(cj, s); x++) {
        const w = logBinomial(cj, x);
        best = Math.max(best, w + maxLog[j + 1][s - x]);
        worst = Math.min(worst, w + minLog[j + 1][s - x]);
      }
      maxLog[j][s] = best;
      minLog[j][s] = worst;
      totalLog[j][s] = logBinomial(suffixTotals[j], s);
    }
  }
  return { maxLog, minLog, totalLog, suffixTotals };
}

/** Two-sided p-value for a 2×c table given by its first row and column totals (all > 0). */
function twoRowPValue(firstRow: number[], columnTotals: number[]): number {
  const rowTotal = firstRow.reduce((s, x) => s + x, 0);
  const bounds = suffixBounds(columnTotals, rowTotal);
  const logNormaliser = bounds.totalLog[0][rowTotal];
  let observedLog = 0;
  firstRow.forEach((x, j) => (observedLog += logBinomial(columnTotals[j], x)));
  const threshold = observedLog + Math.log1p(RELATIVE_TOLERANCE);
  const k = columnTotals.length;
  let pValue = 0;
  const visit = (j: number, remaining: number, partialLog: number): void => {
    if (partialLog + bounds.maxLog[j][remaining] <= threshold) {
      pValue += Math.exp(partialLog + bounds.totalLog[j][remaining] - logNormaliser);
      return;
    }
    if (j === k || partialLog + bounds.minLog[j][remaining] > threshold) return;
    const cj = columnTotals[j];
    for (let x = Math.max(0, remaining - bounds.suffixTotals[j + 1]); x <= Math.min(cj, remaining); x++) {
      visit(j + 1, remaining - x, partialLog + logBinomial(cj, x));
    }
  };
  visit(0, rowTotal, 0);
  return Math.min(1, pValue);
}

/** Fisher's exact test, two-sided, on a 2×c or r×2 table of whole counts. */
export function fisherExactTest(table: ContingencyTable): FisherExactResult {
  const { firstRow, columnTotals } = asTwoRows(table);
  const oddsRatio = table.length === 2 && table[0].length === 2 ? sampleOddsRatio(table) : null;
  const kept = columnTotals.map((_, j) => j).filter((j) => columnTotals[j] > 0);
  const firstRowTotal = firstRow.reduce((s, x) => s + x, 0);
  const total = columnTotals.reduce((s, x) => s + x, 0);
  if (kept.length < 2 || firstRowTotal === 0 || firstRowTotal === total) return { pValue: 1, oddsRatio };
  const pValue = twoRowPValue(
    kept.map((j) => firstRow[j]),
    kept.map((j) => columnTotals[j]),
  );
  return { pValue, oddsRatio };
}
