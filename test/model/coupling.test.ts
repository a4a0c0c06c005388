import { describe, expect, it } from 'vitest';
import { coupleOneVsRest } from '../../src/model/coupling.js';

describe('coupleOneVsRest (normalised one-vs-rest)', () => {
  it('divides each probability by their sum', () => {
    const { distribution, status } = coupleOneVsRest({ over: 0.6, low: 0.6, zero: 0.3 });
    expect(distribution.over).toBeCloseTo(0.4, 15);
    expect(distribution.low).toBeCloseTo(0.4, 15);
    expect(distribution.zero).toBeCloseTo(0.2, 15);
    expect(status).toBe('over'); // tie between over and low: over first
  });

  it('keeps a distribution that already sums to 1', () => {
    const { distribution, status } = coupleOneVsRest({ over: 0.125, low: 0.25, zero: 0.625 });
    expect(distribution).toEqual({ over: 0.125, low: 0.25, zero: 0.625 });
    expect(status).toBe('zero');
  });

  it('keeps the ratios when the three under-sum', () => {
    const { distribution, status } = coupleOneVsRest({ over: 0.1, low: 0.3, zero: 0.1 });
    expect(distribution.low / distribution.over).toBeCloseTo(3, 12);
    expect(distribution.over + distribution.low + distribution.zero).toBeCloseTo(1, 15);
    expect(status).toBe('low');
  });

  it('ties break over, then low, then zero', () => {
    expect(coupleOneVsRest({ over: 0.2, low: 0.4, zero: 0.4 }).status).toBe('low');
    expect(coupleOneVsRest({ over: 0.3, low: 0.3, zero: 0.3 }).status).toBe('over');
  });

  it('all three zero: uniform, status over', () => {
    const { distribution, status } = coupleOneVsRest({ over: 0, low: 0, zero: 0 });
    expect(distribution).toEqual({ over: 1 / 3, low: 1 / 3, zero: 1 / 3 });
    expect(status).toBe('over');
  });

  it('one certain class', () => {
    expect(coupleOneVsRest({ over: 0, low: 1, zero: 0 })).toEqual({
      distribution: { over: 0, low: 1, zero: 0 },
      status: 'low',
    });
  });
});
