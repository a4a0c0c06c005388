import { describe, expect, it } from 'vitest';
import { logRankTest } from '../../src/survival/logRank.js';
import { DATASETS, expectAllClose, survivalReference } from './reference.js';

// R survival::survdiff, plain and with strata() (make_survival_reference.R).
describe('logRankTest matches survdiff', () => {
  for (const name of DATASETS) {
    const d = survivalReference[name];
    it(`${name}: unstratified`, () => {
      const r = logRankTest(d.time, d.event, d.group);
      expectAllClose([r.chisq, r.p], [d.logRank.chisq, d.logRank.p]);
      expect(r.df).toBe(d.logRank.df);
      expect(r.observed).toEqual(d.logRank.observed);
      expectAllClose(r.expected, d.logRank.expected);
      expect(r.groups).toEqual([...new Set(d.group)].sort((a, b) => a - b));
    });
    it(`${name}: stratified`, () => {
      const r = logRankTest(d.time, d.event, d.group, d.strata);
      expectAllClose([r.chisq, r.p], [d.logRankStratified.chisq, d.logRankStratified.p]);
      expect(r.df).toBe(d.logRankStratified.df);
      expectAllClose(r.expected, d.logRankStratified.expected);
    });
  }

  it('string group labels give the same test as numbers', () => {
    const d = survivalReference.lung;
    const r = logRankTest(
      d.time,
      d.event,
      d.group.map((g) => (g === 1 ? 'male' : 'female')),
    );
    expectAllClose([r.chisq], [d.logRank.chisq]);
    expect(r.groups).toEqual(['female', 'male']);
  });

  it('rejects one group, no events and mismatched lengths', () => {
    expect(() => logRankTest([1, 2, 3], [1, 0, 1], [1, 1, 1])).toThrow(/only one group/);
    expect(() => logRankTest([1, 2, 3], [0, 0, 0], [1, 2, 1])).toThrow(/no events/);
    expect(() => logRankTest([1, 2, 3], [1, 0, 1], [1, 2])).toThrow(/group has 2 values but time has 3/);
    expect(() => logRankTest([1, 2, 3], [1, 0, 1], [1, 2, 1], ['a', 'b'])).toThrow(/strata has 2 values/);
    expect(() => logRankTest([1, 2, 3], [1, 0, 1], [1, NaN, 1])).toThrow(/group\[1\] = NaN/);
  });
});
