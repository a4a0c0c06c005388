/**
 * RFC 4180 row formatting, the inverse of csvTokenizer.ts: used by the demo cohort generator and
 * by `her2 predict` so that everything we write can be read back by our own parser.
 */

// A field must be quoted when it holds a separator, a quote, a line break, or surrounding spaces
// (which some readers would trim away).
const NEEDS_QUOTING = /[",\r\n]|^\s|\s$/;

function formatCell(cell: string | number): string {
  if (typeof cell === 'number') {
    // NaN is written as an empty cell, which the cohort parser reads as "missing".
    if (Number.isNaN(cell)) return '';
    if (!Number.isFinite(cell)) {
      throw new RangeError(`formatCsvRow: cannot write non-finite number ${cell}`);
    }
    return String(cell);
  }
  return NEEDS_QUOTING.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV record without its line terminator (append '\n' or '\r\n' yourself). */
export function formatCsvRow(cells: readonly (string | number)[]): string {
  return cells.map(formatCell).join(',');
}
