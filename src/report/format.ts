/**
 * Number formatting shared by the HTML report and the Markdown summary. Metrics arrive from JSON,
 * where an undefined value (e.g. sensitivity with no positives, NaN before serialisation) is null,
 * so every formatter accepts null/undefined/NaN and renders them as an en dash.
 */

export const MISSING = '–';

export type MaybeNumber = number | null | undefined;

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Fixed decimals, or the missing marker. Negative zero prints as 0. */
export function formatFixed(x: MaybeNumber, digits: number): string {
  if (!isFiniteNumber(x)) return MISSING;
  const text = x.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** AUCs and other probabilities: 3 decimals, as in the paper's Table 4. */
export function formatAuc(x: MaybeNumber): string {
  return formatFixed(x, 3);
}

/** "0.774–0.897"; missing when either bound is undefined. */
export function formatCi(ci: readonly MaybeNumber[] | null | undefined): string {
  if (!ci || !isFiniteNumber(ci[0]) || !isFiniteNumber(ci[1])) return MISSING;
  return `${formatAuc(ci[0])}–${formatAuc(ci[1])}`;
}

/** "0.843 (0.774–0.897)": the paper's AUC (95% CI) cell. The CI is omitted when undefined. */
export function formatAucWithCi(auc: MaybeNumber, ci: readonly MaybeNumber[] | null | undefined): string {
  if (!isFiniteNumber(auc)) return MISSING;
  const interval = formatCi(ci);
  return interval === MISSING ? formatAuc(auc) : `${formatAuc(auc)} (${interval})`;
}

/** p-values like the paper: 3 decimals, or "< 0.001". */
export function formatPValue(p: MaybeNumber): string {
  if (!isFiniteNumber(p)) return MISSING;
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** "23 (44.2%)": a count and its share of a denominator. */
export function formatCountPercent(count: MaybeNumber, total: MaybeNumber): string {
  if (!isFiniteNumber(count)) return MISSING;
  if (!isFiniteNumber(total) || total <= 0) return String(count);
  return `${count} (${((100 * count) / total).toFixed(1)}%)`;
}

/** "50.79 ± 11.05". */
export function formatMeanSd(stat: { mean: MaybeNumber; sd: MaybeNumber } | null | undefined): string {
  if (!stat || !isFiniteNumber(stat.mean)) return MISSING;
  const sd = formatFixed(stat.sd, 2);
  return sd === MISSING ? formatFixed(stat.mean, 2) : `${formatFixed(stat.mean, 2)} ± ${sd}`;
}
