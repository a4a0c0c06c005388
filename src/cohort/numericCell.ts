/**
 * Reading one numeric cell. This runs once per feature cell (10^8 times for a 10,000 x 10,000
 * cohort), so the common case, a plain finite decimal, takes a single Number() call.
 */
import { type ProblemText, cellValueProblem } from './errors.js';

/** Cell texts that mean "not recorded" (compared case-insensitively, after trimming). */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'nan', 'n/a'];

const NON_FINITE_TOKENS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

export function isMissingToken(text: string): boolean {
  return MISSING_TOKENS.includes(text.trim().toLowerCase());
}

// Number() also accepts hexadecimal, binary and octal literals (0x1A, 0b1, 0o7); no cohort value
// is written that way, so such a cell is a mistake rather than a number.
function isNonDecimalLiteral(text: string): boolean {
  return /^\s*0[xXbBoO]/.test(text);
}

/**
 * The cell's value: a finite number, NaN when the cell is a missing token, or undefined when the
 * text is not a usable number (see describeInvalidNumber for why).
 */
export function parseNumericCell(text: string): number | undefined {
  if (text.length === 0) return NaN;
  const value = Number(text);
  if (value === value && value !== Infinity && value !== -Infinity) {
    // Number('  ') is 0, so a blank cell must be told apart from a written zero.
    if (value === 0 && text.trim().length === 0) return NaN;
    const c = text.charCodeAt(0);
    if ((c === 0x30 || c <= 0x20) && isNonDecimalLiteral(text)) return undefined;
    return value;
  }
  return isMissingToken(text) ? NaN : undefined;
}

/** Why parseNumericCell refused a cell, for error messages (with and without the cell's text). */
export function invalidNumberProblem(text: string): ProblemText {
  const lower = text.trim().toLowerCase();
  if (NON_FINITE_TOKENS.has(lower) || Number(text) === Infinity || Number(text) === -Infinity) {
    return cellValueProblem('non-finite value', text, 'only finite numbers are allowed');
  }
  return cellValueProblem('non-numeric value', text);
}

export function describeInvalidNumber(text: string): string {
  return invalidNumberProblem(text).detail;
}
