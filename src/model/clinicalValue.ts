/**
 * Clinical values as a caller sends them (HTTP JSON, CSV cell): ER/PR as positive/negative or a
 * percentage of stained nuclei (>= 1% is positive, ASCO/CAP), other inputs as finite numbers.
 */
export type ClinicalCoercion = { ok: true; value: number } | { ok: false; reason: string };

const POSITIVE = new Set(['positive', 'pos', '+']);
const NEGATIVE = new Set(['negative', 'neg', '-']);

export function coerceReceptorStatus(raw: unknown): ClinicalCoercion {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0 || raw > 100) return { ok: false, reason: 'must be a percentage 0-100' };
    return { ok: true, value: raw >= 1 ? 1 : 0 };
  }
  if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    if (POSITIVE.has(text)) return { ok: true, value: 1 };
    if (NEGATIVE.has(text)) return { ok: true, value: 0 };
    const percent = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
    if (percent) return coerceReceptorStatus(Number(percent[1]));
  }
  return { ok: false, reason: 'must be "positive", "negative" or a percentage (>= 1% is positive)' };
}

export function coerceClinicalValue(name: string, raw: unknown): ClinicalCoercion {
  if (name === 'er' || name === 'pr') return coerceReceptorStatus(raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, reason: 'must be a finite number' };
  return { ok: true, value: raw };
}
