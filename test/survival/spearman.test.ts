import { describe, expect, it } from 'vitest';
import { spearman } from '../../src/survival/spearman.js';
import { expectAllClose, survivalReference } from './reference.js';

// R stats::cor.test(method = "spearman") (make_survival_reference.R): exact (AS 89) without ties,
// t approximation with ties.
describe('spearman matches cor.test', () => {
  for (const c of survivalReference.spearman) {
    it(`n = ${c.x.length}${c.ties ? ' with ties' : ''}, rho = ${c.rho.toFixed(3)}`, () => {
      const r = spearman(c.x, c.y);
      expectAllClose([r.rho, r.p], [c.rho, c.p], 1e-9);
      expect(r.method).toBe(c.ties ? 't' : 'exact');
    });
  }

  it('by hand: perfect order of 4 has exact two-sided p = 2/4! = 1/12', () => {
    const r = spearman([1, 2, 3, 4], [10, 20, 30, 40]);
    expect(r.rho).toBe(1);
    expectAllClose([r.p], [2 / 24], 1e-15);
  });

  it('rejects unequal lengths, too few pairs, non-finite values and constants', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(/x has 3 values but y has 2/);
    expect(() => spearman([1, 2], [1, 2])).toThrow(/at least 3/);
    expect(() => spearman([1, NaN, 3], [1, 2, 3])).toThrow(/x\[1\] = NaN/);
    expect(() => spearman([1, 2, 3], [5, 5, 5])).toThrow(/y is constant/);
  });
});
