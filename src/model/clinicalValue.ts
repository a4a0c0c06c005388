/**
 * Clinical values as a caller sends them (HTTP JSON, CSV cell): ER/PR as positive/negative or a
 * percentage of stained nuclei (>= 1% is positive, ASCO/CAP), other inputs as finite numbers.
 */
import { RECEPTOR_FORMS, receptorStatusFromCell } from '../cohort/clinical.js';

export type ClinicalCoercion = { ok: true; value: number } | { ok: false; reason: string };

export function coerceReceptorStatus(raw: unknown): ClinicalCoercion {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0 || raw > 100)
      return { ok: false, reason: 'must be a percentage 0-100' };
    return { ok: true, value: raw >= 1 ? 1 : 0 };
  }
  if (typeof raw === 'string') {
    // The cohort parser's reading, so a value accepted in a training file (e.g. "<1%", ".5%") is
    // accepted, with the same meaning, at prediction.
    const value = receptorStatusFromCell(raw);
    if (value !== undefined && !Number.isNaN(value)) return { ok: true, value };
  }
  return { ok: false, reason: `must be ${RECEPTOR_FORMS} (>= 1% is positive)` };
}

export function coerceClinicalValue(name: string, raw: unknown): ClinicalCoercion {
  if (name === 'er' || name === 'pr') return coerceReceptorStatus(raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw))
    return { ok: false, reason: 'must be a finite number' };
  return { ok: true, value: raw };
}
