import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, regularizedGammaQ } from '../../src/stats/chiSquareDistribution.js';
import { expectClose } from './closeTo.js';

// scipy.stats.chi2.sf reference (test/fixtures/stats/make_chi_square_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/chi_square_reference.json', import.meta.url), 'utf8'),
) as { survival: { x: number; df: number; sf: number }[] };

describe('chiSquareSurvival', () => {
  it(`matches scipy.stats.chi2.sf to 1e-12 relative on ${reference.survival.length} (x, df) pairs`, () => {
    let worst = 0;
    for (const { x, df, sf } of reference.survival) {
      const actual = chiSquareSurvival(x, df);
      worst = Math.max(worst, Math.abs(actual - sf) / sf);
      expectClose(actual, sf, 1e-12, 0);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('has closed forms for df = 2 (e^(−x/2)) and df = 1 (erfc(√(x/2)))', () => {
    for (const x of [0.01, 1, 7.5, 60, 300]) expectClose(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13, 0);
    // χ²(1) tail at 3.841458820694124 is the familiar 0.05.
    expectClose(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-12, 0);
  });

  it('gives 1 at x <= 0, 0 at Infinity, NaN for NaN x, and rejects a non-positive df', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-2, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(chiSquareSurvival(NaN, 3)).toBeNaN();
    expect(() => chiSquareSurvival(1, 0)).toThrow(/degrees of freedom must be a finite number > 0, got 0/);
    expect(() => regularizedGammaQ(-1, 1)).toThrow(/gamma shape a/);
  });
});
