import { describe, expect, it } from 'vitest';
import { ColumnBuffer } from '../../src/cohort/columnBuffer.js';

describe('ColumnBuffer', () => {
  it('returns exactly the pushed values across many blocks', () => {
    const buffer = new ColumnBuffer();
    const n = 5000; // spans the growing blocks and several full-size ones
    for (let i = 0; i < n; i++) buffer.push(i * 0.5 - 7);
    expect(buffer.length).toBe(n);
    const values = buffer.toFloat64Array();
    expect(values.length).toBe(n);
    expect(values.every((v, i) => v === i * 0.5 - 7)).toBe(true);
  });

  it('is empty and reusable after being taken', () => {
    const buffer = new ColumnBuffer();
    buffer.push(1);
    buffer.toFloat64Array();
    expect(buffer.length).toBe(0);
    buffer.push(NaN);
    buffer.push(2);
    expect(Array.from(buffer.toFloat64Array())).toEqual([NaN, 2]);
  });

  it('with a capacity hint returns the same values whether the hint is exact, too large or exceeded', () => {
    for (const hint of [10, 11, 40, 3]) {
      const buffer = new ColumnBuffer(hint);
      for (let i = 0; i < 10; i++) buffer.push(i * i);
      expect(Array.from(buffer.toFloat64Array())).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    }
  });
});
