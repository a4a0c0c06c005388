import { describe, expect, it } from 'vitest';
import { cohenKappa, icc21, pairCountAuc, rankAuc, welchT } from './naiveStats.js';

describe('naive reference statistics used by the demo tests', () => {
  it('ICC(2,1) reproduces Shrout & Fleiss (1979) Table 2 (6 targets, 4 judges): 0.29', () => {
    const judges = [
      [9, 6, 8, 7, 10, 6],
      [2, 1, 4, 1, 5, 2],
      [5, 3, 6, 2, 6, 4],
      [8, 2, 8, 6, 9, 7],
    ];
    expect(icc21(judges)).toBeCloseTo(0.29, 2);
    expect(icc21([judges[0], judges[0]])).toBeCloseTo(1, 12);
  });

  it('pair-count AUC: separated 1, reversed 0, tied 0.5, one swap 1 - 1/(n+ n-)', () => {
    const pos = [true, true, false, false];
    expect(pairCountAuc([3, 4, 1, 2], pos)).toBe(1);
    expect(pairCountAuc([1, 2, 3, 4], pos)).toBe(0);
    expect(pairCountAuc([1, 1, 1, 1], pos)).toBe(0.5);
    expect(pairCountAuc([3, 1.5, 1, 2], pos)).toBe(0.75);
  });

  it('Welch t: textbook value for two small samples', () => {
    // means 3 and 6, variances 2.5 and 2.5, n 5 each: t = -3 / sqrt(0.5 + 0.5)
    expect(welchT([1, 2, 3, 4, 5], [4, 5, 6, 7, 8])).toBeCloseTo(-3, 12);
  });

  it('rank AUC equals the pair-count AUC, ties included', () => {
    const scores = [0.3, 0.1, 0.7, 0.7, 0.2, 0.9, 0.3, 0.5, 0.1, 0.6];
    const pos = [true, false, true, false, false, true, false, true, true, false];
    expect(rankAuc(scores, pos)).toBeCloseTo(pairCountAuc(scores, pos), 12);
    expect(rankAuc([3, 1.5, 1, 2], [true, true, false, false])).toBe(0.75);
  });

  it("Cohen's kappa: 2x2 table [[20, 5], [10, 15]] gives (0.7 - 0.5) / 0.5 = 0.4; identical raters 1", () => {
    const a = [...Array(25).fill('yes'), ...Array(25).fill('no')] as string[];
    const b = [
      ...Array(20).fill('yes'),
      ...Array(5).fill('no'),
      ...Array(10).fill('yes'),
      ...Array(15).fill('no'),
    ];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohenKappa(a, a)).toBe(1);
  });
});
