/**
 * Clinical cell coercion. ER and PR become 1 (positive) / 0 (negative). Accepted, case-insensitive:
 *   positive, pos, +   -> 1
 *   negative, neg, -   -> 0
 *   a percentage of stained nuclei, 0..100, with or without `%` (e.g. 35, 35%, 0.5%):
 *     >= 1% -> 1, < 1% -> 0 (ASCO/CAP ER/PR cut-off); `<1` / `<1%` -> 0.
 * So 1 and 0 read as binary codes give the same answer as read as percentages.
 * Other clinical columns (ki67 %, age, suv_max, suv_mean) are plain finite numbers.
 */
import { isMissingToken } from './numericCell.js';

const POSITIVE_WORDS = new Set(['positive', 'pos', '+']);
const NEGATIVE_WORDS = new Set(['negative', 'neg', '-']);
const PERCENT = /^(<)?\s*(\d+(?:\.\d+)?|\.\d+)\s*%?$/;

/** 1 / 0, NaN when missing, undefined when not understood. */
export function receptorStatusFromCell(text: string): number | undefined {
  const lower = text.trim().toLowerCase();
  if (POSITIVE_WORDS.has(lower)) return 1;
  if (NEGATIVE_WORDS.has(lower)) return 0;
  if (isMissingToken(lower)) return NaN;
  const match = PERCENT.exec(lower);
  if (match === null) return undefined;
  const percent = Number(match[2]);
  if (percent > 100) return undefined;
  if (match[1] === '<') return percent <= 1 ? 0 : undefined; // "<5%" cannot be placed against 1%
  return percent >= 1 ? 1 : 0;
}

export const RECEPTOR_FORMS = 'positive/pos/+, negative/neg/-, or a percentage 0-100 such as 35 or 35%';
