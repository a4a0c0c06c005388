import { describe, expect, it } from 'vitest';
import { receptorStatusFromCell } from '../../src/cohort/clinical.js';
import { coerceClinicalValue, coerceReceptorStatus } from '../../src/model/clinicalValue.js';

describe('ER / PR status', () => {
  it.each(['positive', 'Positive', ' POS ', '+'])('%j is positive', (text) => {
    expect(coerceReceptorStatus(text)).toEqual({ ok: true, value: 1 });
  });

  it.each(['negative', 'NEG', '-', ' negative'])('%j is negative', (text) => {
    expect(coerceReceptorStatus(text)).toEqual({ ok: true, value: 0 });
  });

  it.each([
    [1, 1],
    [35, 1],
    [100, 1],
    [0, 0],
    [0.99, 0],
    ['35%', 1],
    ['35 %', 1],
    ['1%', 1],
    ['0.5%', 0],
    ['.5%', 0],
    ['<1%', 0],
    ['<1', 0],
    ['100', 1],
  ] as [number | string, number][])('percentage %j → %d (ASCO/CAP: >= 1% positive)', (raw, value) => {
    expect(coerceReceptorStatus(raw)).toEqual({ ok: true, value });
  });

  it.each([
    101,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '101%',
    '<5%',
    'maybe',
    '',
    'na',
    'weak',
    true,
    null,
    {},
  ])('%j is rejected with a reason', (raw) => {
    const result = coerceReceptorStatus(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });

  it('every text the cohort parser reads as a status means the same at prediction', () => {
    const texts = [
      'positive',
      'neg',
      '+',
      '-',
      '0',
      '1',
      '0.5',
      '35',
      '35%',
      '0.5%',
      '.5',
      '<1%',
      '<1',
      '100%',
      'POS',
    ];
    for (const text of texts) {
      const fromCohort = receptorStatusFromCell(text);
      expect(fromCohort).not.toBeUndefined();
      expect(coerceReceptorStatus(text)).toEqual({ ok: true, value: fromCohort });
    }
  });
});

describe('other clinical inputs', () => {
  it('are finite numbers as given', () => {
    expect(coerceClinicalValue('age', 54)).toEqual({ ok: true, value: 54 });
    expect(coerceClinicalValue('suv_max', 0)).toEqual({ ok: true, value: 0 });
    expect(coerceClinicalValue('ki67', -2.5)).toEqual({ ok: true, value: -2.5 });
  });

  it.each(['54', Number.NaN, Number.NEGATIVE_INFINITY, null, undefined])('%j is rejected', (raw) => {
    expect(coerceClinicalValue('age', raw)).toEqual({ ok: false, reason: 'must be a finite number' });
  });

  it('er and pr go through the receptor reading', () => {
    expect(coerceClinicalValue('er', 'positive')).toEqual({ ok: true, value: 1 });
    expect(coerceClinicalValue('pr', 0.2)).toEqual({ ok: true, value: 0 });
    expect(coerceClinicalValue('age', 'positive').ok).toBe(false);
  });
});
