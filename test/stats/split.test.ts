import { describe, expect, it } from 'vitest';
import {
  allocateTrainingCounts,
  foldCountFor,
  stratifiedKFold,
  stratifiedSplit,
} from '../../src/stats/split.js';

const repeatLabel = (label: string, count: number): string[] => Array.from({ length: count }, () => label);

/** The paper's cohort sizes (Hou et al. 2025 Table 1): 79 over, 96 low, 40 zero = 215. */
const paperLabels = [...repeatLabel('over', 79), ...repeatLabel('low', 96), ...repeatLabel('zero', 40)];

function countBy(labels: readonly string[], rows: Int32Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[labels[r]] = (counts[labels[r]] ?? 0) + 1;
  return counts;
}

describe('allocateTrainingCounts (largest remainder, hand-computed)', () => {
  it('shares 150 seats among 79/96/40 as 55/67/28', () => {
    // Quotas 79·150/215 = 55.116, 96·150/215 = 66.977, 40·150/215 = 27.907; floors sum to 148,
    // the two leftover seats go to the largest remainders .977 and .907.
    expect(allocateTrainingCounts([79, 96, 40], 150)).toEqual([55, 67, 28]);
  });

  it('keeps every class on both sides and breaks remainder ties toward the earlier class', () => {
    // Quotas 3.5, 2.1, 1.4 → floors 3, 2, 1 (class of 2 capped at 1); leftover seat to remainder .5.
    expect(allocateTrainingCounts([5, 3, 2], 7)).toEqual([4, 2, 1]);
    // Quotas 1.5, 1.5 → floors 1, 1; one leftover seat, tie → first class.
    expect(allocateTrainingCounts([3, 3], 3)).toEqual([2, 1]);
    // A tiny class still gets one training member even when its quota rounds to 0.
    expect(allocateTrainingCounts([2, 18], 2)).toEqual([1, 1]);
  });
});

describe('stratifiedSplit', () => {
  it("reproduces the paper's 150 / 65 split sizes with every class stratified", () => {
    const { train, validation } = stratifiedSplit(paperLabels, { seed: 42 });
    expect(train.length).toBe(150);
    expect(validation.length).toBe(65);
    expect(countBy(paperLabels, train)).toEqual({ over: 55, low: 67, zero: 28 });
    expect(countBy(paperLabels, validation)).toEqual({ over: 24, low: 29, zero: 12 });
  });

  it('returns a sorted disjoint cover of all rows, deterministic for a seed', () => {
    const a = stratifiedSplit(paperLabels, { seed: 7 });
    const b = stratifiedSplit(paperLabels, { seed: 7 });
    const c = stratifiedSplit(paperLabels, { seed: 8 });
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.train)).not.toEqual(Array.from(c.train));
    const all = [...a.train, ...a.validation].sort((x, y) => x - y);
    expect(all).toEqual(paperLabels.map((_, i) => i));
    expect(Array.from(a.train)).toEqual([...a.train].sort((x, y) => x - y));
  });

  it('does not depend on the order in which classes first appear', () => {
    const labels = ['b', 'a', 'b', 'a', 'b', 'a', 'a'];
    const reordered = ['a', 'b', 'b', 'a', 'b', 'a', 'a'];
    expect(countBy(labels, stratifiedSplit(labels, { seed: 3 }).train)).toEqual(
      countBy(reordered, stratifiedSplit(reordered, { seed: 3 }).train),
    );
  });

  it('puts one member of a class of two on each side and rejects a class of one by name', () => {
    const labels = [...repeatLabel('big', 10), 'pair', 'pair'];
    const { train, validation } = stratifiedSplit(labels, { seed: 1 });
    expect(countBy(labels, train).pair).toBe(1);
    expect(countBy(labels, validation).pair).toBe(1);
    expect(() => stratifiedSplit([...repeatLabel('big', 10), 'lonely'], { seed: 1 })).toThrow(
      /Class "lonely" has 1 member/,
    );
    expect(() => stratifiedSplit(labels, { seed: 1, trainFraction: 1 })).toThrow(/trainFraction/);
  });

  it('accepts numeric class codes and a custom fraction', () => {
    const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const { train } = stratifiedSplit(labels, { seed: 5, trainFraction: 0.5 });
    expect(train.length).toBe(5);
  });

  it('gives each member of a class the same chance of training (seed-averaged frequency)', () => {
    const labels = [...repeatLabel('x', 10), ...repeatLabel('y', 10)];
    const hits = new Float64Array(20);
    const seeds = 4000;
    for (let s = 0; s < seeds; s++) for (const r of stratifiedSplit(labels, { seed: s }).train) hits[r]++;
    // 7 of 10 per class: expected 0.7, binomial sd sqrt(.21/4000) ≈ 0.0072; allow 5 sd.
    for (const h of hits) expect(Math.abs(h / seeds - 0.7)).toBeLessThan(0.036);
  });
});

describe('stratifiedKFold', () => {
  it('partitions rows into k test folds, with train the complement', () => {
    const folds = stratifiedKFold(paperLabels, 5, 11);
    expect(folds.length).toBe(5);
    const seen = new Int32Array(paperLabels.length);
    for (const { train, test } of folds) {
      for (const r of test) seen[r]++;
      expect(train.length + test.length).toBe(paperLabels.length);
      const inTest = new Set(test);
      for (const r of train) expect(inTest.has(r)).toBe(false);
    }
    expect(Array.from(seen).every((v) => v === 1)).toBe(true);
  });

  it('balances fold sizes and class counts per fold to within one', () => {
    const labels = [...repeatLabel('a', 13), ...repeatLabel('b', 7), ...repeatLabel('c', 5)];
    const folds = stratifiedKFold(labels, 4, 2);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const cls of ['a', 'b', 'c']) {
      const perFold = folds.map((f) => countBy(labels, f.test)[cls] ?? 0);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      expect(Math.min(...perFold)).toBeGreaterThanOrEqual(1);
    }
  });

  it('is deterministic for a seed', () => {
    const a = stratifiedKFold(paperLabels, 5, 9).map((f) => Array.from(f.test));
    const b = stratifiedKFold(paperLabels, 5, 9).map((f) => Array.from(f.test));
    expect(a).toEqual(b);
  });

  it('rejects a class smaller than k by name and count; foldCountFor picks a usable k', () => {
    const labels = [...repeatLabel('a', 10), ...repeatLabel('rare', 3)];
    expect(() => stratifiedKFold(labels, 5, 1)).toThrow(/Class "rare" has 3 members/);
    expect(() => stratifiedKFold(labels, 1, 1)).toThrow(/k must be/);
    expect(foldCountFor(labels)).toBe(3);
    expect(foldCountFor(paperLabels)).toBe(5);
    expect(foldCountFor(paperLabels, 10)).toBe(10);
    expect(() => foldCountFor([...labels, 'single'])).toThrow(/Class "single" has 1 member/);
    expect(stratifiedKFold(labels, foldCountFor(labels), 1).length).toBe(3);
  });
});
