import { describe, expect, it } from 'vitest';
import { icc21, pairCountAuc, welchT } from './naiveStats.js';

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
});
