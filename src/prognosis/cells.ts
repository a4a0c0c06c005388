/** Reading one cell of a prognosis table: a number that must be positive, or an identifier. */
import { cellValueProblem, type ProblemText } from '../cohort/errors.js';
import { invalidNumberProblem, parseNumericCell } from '../cohort/numericCell.js';

export type CellResult<T> = { ok: true; value: T } | { ok: false; problem: ProblemText | string };

/** A positive finite number; NaN when the cell is a missing token and `optional`. */
export function positiveNumberCell(text: string, what: string, optional: boolean): CellResult<number> {
  const value = parseNumericCell(text);
  if (value === undefined) return { ok: false, problem: invalidNumberProblem(text) };
  if (Number.isNaN(value)) {
    return optional ? { ok: true, value: NaN } : { ok: false, problem: `${what} is missing` };
  }
  if (value <= 0)
    return { ok: false, problem: cellValueProblem(`${what} must be positive, got`, text.trim()) };
  return { ok: true, value };
}

export function idCell(text: string, what: string): CellResult<string> {
  const id = text.trim();
  if (id.length === 0) return { ok: false, problem: `${what} is empty` };
  return { ok: true, value: id };
}
