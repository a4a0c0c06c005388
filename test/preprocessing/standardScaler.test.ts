import { describe, expect, it } from 'vitest';
import { fitStandardScaler, transformRows } from '../../src/preprocessing/standardScaler.js';

const rows = [
  [1, 10, 5],
  [2, 20, 5],
  [3, 30, 5],
  [6, 40, 5],
].map((r) => Float64Array.from(r));

describe('standard scaler', () => {
  it('uses the column mean and the population (divide-by-n) standard deviation', () => {
    const { mean, std } = fitStandardScaler(rows);
    expect(mean).toEqual([3, 25, 5]);
    // Column 0: deviations −2, −1, 0, 3 → Σ² = 14 → sd = √(14/4).
    expect(std[0]).toBeCloseTo(Math.sqrt(14 / 4), 14);
    // Column 1: deviations ±15, ±5 → Σ² = 500 → sd = √125.
    expect(std[1]).toBeCloseTo(Math.sqrt(125), 12);
  });

  it('maps a constant column to zeros instead of NaN', () => {
    const scaler = fitStandardScaler(rows);
    expect(scaler.std[2]).toBe(1);
    const scaled = transformRows(scaler, rows);
    for (const row of scaled) expect(row[2]).toBe(0);
  });

  it('gives training columns mean 0 and population sd 1, and applies the same parameters to new rows', () => {
    const scaler = fitStandardScaler(rows);
    const scaled = transformRows(scaler, rows);
    for (const j of [0, 1]) {
      const column = scaled.map((row) => row[j]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
      expect(mean).toBeCloseTo(0, 12);
      expect(variance).toBeCloseTo(1, 12);
    }
    const [fresh] = transformRows(scaler, [Float64Array.from([3 + Math.sqrt(3.5), 25, 7])]);
    expect(fresh[0]).toBeCloseTo(1, 12);
    expect(fresh[1]).toBe(0);
    expect(fresh[2]).toBe(2);
  });

  it('survives a JSON round trip', () => {
    const scaler = fitStandardScaler(rows);
    expect(JSON.parse(JSON.stringify(scaler))).toEqual(scaler);
  });

  it('rejects rows of the wrong width', () => {
    const scaler = fitStandardScaler(rows);
    expect(() => transformRows(scaler, [Float64Array.from([1, 2])])).toThrow(/width/);
  });
});
