import { describe, expect, it } from 'vitest';
import { receptorStatusFromCell } from '../../src/cohort/clinical.js';

describe('receptorStatusFromCell (ER / PR)', () => {
  it.each([
    ['positive', 1],
    ['POS', 1],
    ['+', 1],
    ['negative', 0],
    ['neg', 0],
    ['-', 0],
    ['1', 1],
    ['0', 0],
    ['35', 1],
    ['35%', 1],
    [' 1 % ', 1],
    ['100%', 1],
    ['0.5%', 0],
    ['0.99', 0],
    ['<1%', 0],
    ['<1', 0],
  ])('reads %j as %d', (text, expected) => {
    expect(receptorStatusFromCell(text)).toBe(expected);
  });

  it('reads missing tokens as NaN', () => {
    for (const text of ['', 'NA', 'n/a', 'NaN']) expect(receptorStatusFromCell(text)).toBeNaN();
  });

  it('refuses what is not a status or a percentage in 0..100', () => {
    for (const text of ['101', '-5', 'maybe', '35%%', '<5%', '1e1', 'yes']) {
      expect(receptorStatusFromCell(text)).toBeUndefined();
    }
  });
});
