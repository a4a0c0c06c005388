import { describe, expect, it } from 'vitest';
import {
  her2StatusFromIhc,
  parseFishResult,
  parseHer2Status,
  parseIhcScore,
  type FishResult,
  type IhcScore,
} from '../../src/cohort/her2Label.js';

// ASCO/CAP 2018 with the HER2-low split (Hou et al. 2025, Methods): status or 'refused'.
const TABLE: [IhcScore, FishResult, string][] = [
  ['3+', null, 'over'],
  ['3+', 'positive', 'over'],
  ['3+', 'negative', 'over'],
  ['2+', 'positive', 'over'],
  ['2+', 'negative', 'low'],
  ['2+', null, 'refused'],
  ['1+', null, 'low'],
  ['1+', 'negative', 'low'],
  ['1+', 'positive', 'refused'],
  ['0', null, 'zero'],
  ['0', 'negative', 'zero'],
  ['0', 'positive', 'refused'],
];

describe('her2StatusFromIhc', () => {
  it.each(TABLE)('IHC %s with FISH %s is %s', (ihc, fish, expected) => {
    const result = her2StatusFromIhc(ihc, fish);
    if (expected === 'refused') {
      expect(result).toHaveProperty('problem');
    } else {
      expect(result).toEqual({ status: expected });
    }
  });

  it('explains why IHC 2+ without FISH is refused', () => {
    expect(her2StatusFromIhc('2+', null)).toEqual({
      problem: expect.stringMatching(/equivocal without a FISH result/),
    });
  });
});

describe('label cell parsers', () => {
  it('reads her2_status in any case and nothing else', () => {
    expect(parseHer2Status(' Over ')).toBe('over');
    expect(parseHer2Status('ZERO')).toBe('zero');
    expect(parseHer2Status('positive')).toBeUndefined();
    expect(parseHer2Status('')).toBeUndefined();
  });

  it('reads IHC scores with or without the plus', () => {
    expect(['0', '1', '1+', '2', '2+', '3+', ' 3 '].map(parseIhcScore)).toEqual([
      '0',
      '1+',
      '1+',
      '2+',
      '2+',
      '3+',
      '3+',
    ]);
    expect(parseIhcScore('')).toBeNull();
    expect(parseIhcScore('4+')).toBeUndefined();
    expect(parseIhcScore('2++')).toBeUndefined();
  });

  it('reads FISH results, empty meaning not done', () => {
    expect(
      ['positive', 'Pos', 'amplified', 'negative', 'NEG', 'not amplified', '', 'NA'].map(parseFishResult),
    ).toEqual(['positive', 'positive', 'positive', 'negative', 'negative', 'negative', null, null]);
    expect(parseFishResult('equivocal')).toBeUndefined();
  });
});
