import { describe, expect, it } from 'vitest';
import { describeInvalidNumber, parseNumericCell } from '../../src/cohort/numericCell.js';

describe('parseNumericCell', () => {
  it('reads finite decimals in any notation', () => {
    expect(['0', '-0.5', '1e-3', '+2.5E2', ' 7 ', '.5'].map(parseNumericCell)).toEqual([
      0, -0.5, 0.001, 250, 7, 0.5,
    ]);
  });

  it('reads empty, blank, NA, N/A and NaN as missing (NaN)', () => {
    for (const text of ['', '  ', 'NA', 'na', 'N/A', 'NaN', 'nan']) expect(parseNumericCell(text)).toBeNaN();
  });

  it('refuses non-finite values, words and non-decimal literals', () => {
    for (const text of [
      'inf',
      '-Infinity',
      'Infinity',
      '1e999',
      'abc',
      '1,5',
      '0x1A',
      '0b1',
      ' 0o7',
      '1.2.3',
    ]) {
      expect(parseNumericCell(text)).toBeUndefined();
    }
  });

  it('says whether a refused value is non-finite or non-numeric', () => {
    expect(describeInvalidNumber('inf')).toMatch(/non-finite value "inf"/);
    expect(describeInvalidNumber('1e999')).toMatch(/non-finite/);
    expect(describeInvalidNumber('high')).toBe('non-numeric value "high"');
  });
});
