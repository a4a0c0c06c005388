import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mrmrSelect, type MrmrCriterion } from '../../src/featureSelection/mrmr.js';
import { expectClose } from '../stats/closeTo.js';

// Naive numpy mRMR that recomputes every MI from scratch each step
// (test/fixtures/stats/make_mrmr_reference.py); every step's winner leads by > 1e-9.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/mrmr_reference.json', import.meta.url), 'utf8'),
) as {
  cases: {
    name: string;
    criterion: MrmrCriterion;
    k: number;
    codes: number[][];
    classCodes: number[];
    selected: number[];
    scores: number[];
    relevance: number[];
  }[];
};

describe('mrmrSelect against a naive independent implementation', () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const codes = c.codes.map((row) => Int32Array.from(row));
      const result = mrmrSelect(codes, Int32Array.from(c.classCodes), { k: c.k, criterion: c.criterion });
      expect(Array.from(result.selected)).toEqual(c.selected);
      c.scores.forEach((s, i) => expectClose(result.scores[i], s, 1e-10, 1e-12));
      c.relevance.forEach((r, f) => expectClose(result.relevance[f], r, 1e-10, 1e-14));
      // Each feature pair at most once: step s updates the p − s unselected candidates.
      const p = codes.length;
      let expected = 0;
      for (let s = 1; s < c.k; s++) expected += p - s;
      expect(result.redundancyEvaluations).toBe(expected);
    });
  }
});

describe('mrmrSelect hand-made cases', () => {
  // 16 rows. f0 nearly determines y; f1 is an exact copy of f0; f2 is independent of f0
  // (each (f0, f2) combination occurs 4 times) and weakly informative about y.
  const f0 = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
  const f2 = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1];
  const y = [0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
  const candidates = [f0, [...f0], f2];
  // Hand calculation: f0 vs y has cells (0,0) = 6, (0,1) = 2, (1,1) = 8; margins 8/8 and 6/10.
  const relevanceF0 = (6 * Math.log(2) + 2 * Math.log(0.4) + 8 * Math.log(1.6)) / 16;

  it('MID does not pick the duplicate of the best feature second', () => {
    const result = mrmrSelect(candidates, y, { k: 3 });
    expectClose(result.relevance[0], relevanceF0, 1e-12);
    expect(result.relevance[1]).toBe(result.relevance[0]);
    // Relevance alone would rank the duplicate second...
    expect(result.relevance[1]).toBeGreaterThan(result.relevance[2]);
    // ...but its redundancy with f0 is H(f0) = ln 2, while f2 shares nothing with f0.
    expect(Array.from(result.selected)).toEqual([0, 2, 1]);
    expectClose(result.scores[0], relevanceF0, 1e-12);
    expectClose(result.scores[1], result.relevance[2], 1e-12);
    // Third step: duplicate's redundancy is mean(I(f1;f0), I(f1;f2)) = (ln 2 + 0) / 2.
    expectClose(result.scores[2], relevanceF0 - Math.log(2) / 2, 1e-12);
  });

  it('MIQ floors a zero redundancy at 1e-5 and also skips the duplicate', () => {
    const result = mrmrSelect(candidates, y, { k: 2, criterion: 'MIQ' });
    expect(Array.from(result.selected)).toEqual([0, 2]);
    expectClose(result.scores[1], result.relevance[2] / 1e-5, 1e-10);
  });

  it('breaks exact ties toward the lower candidate index', () => {
    const result = mrmrSelect([f2, f2, f2], y, { k: 1 });
    expect(Array.from(result.selected)).toEqual([0]);
  });

  it('ranks a constant candidate (relevance 0) last, caps k at the candidate count, allows k = 0', () => {
    const constant = new Array<number>(16).fill(3);
    const result = mrmrSelect([constant, f2, f0], y, { k: 10 });
    expect(result.relevance[0]).toBe(0);
    expect(result.selected.length).toBe(3);
    expect(Array.from(result.selected)).toEqual([2, 1, 0]);
    expect(mrmrSelect([f0], y, { k: 0 }).selected.length).toBe(0);
  });

  it('works with n = 2 rows and rejects malformed input', () => {
    const result = mrmrSelect(
      [
        [0, 1],
        [0, 0],
      ],
      [1, 0],
      { k: 2 },
    );
    expect(Array.from(result.selected)).toEqual([0, 1]);
    expectClose(result.relevance[0], Math.log(2), 1e-14);
    expect(() => mrmrSelect([[0, 1, 0]], [1, 0], { k: 1 })).toThrow(/rows/);
    expect(() => mrmrSelect([[0, 1]], [1, 0], { k: -1 })).toThrow(/k must/);
    expect(() => mrmrSelect([[0, -1]], [1, 0], { k: 1 })).toThrow(/integers/);
  });
});
