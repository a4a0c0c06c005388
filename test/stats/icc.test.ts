import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iccTwoWay, iccTwoWayMixed, iccTwoWayRandom, reliableFeatureMask } from '../../src/stats/icc.js';
import { expectClose } from './closeTo.js';

// Least-squares ANOVA reference from numpy (test/fixtures/stats/make_icc_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/icc_reference.json', import.meta.url), 'utf8'),
) as {
  cases: { name: string; readings: number[][][]; icc2: (number | null)[]; icc3: (number | null)[] }[];
};

const toReadings = (readings: number[][][]): Float64Array[][] =>
  readings.map((reading) => reading.map((column) => Float64Array.from(column)));

/** Builds column-major readings from per-patient rows of one feature: table[i][r]. */
const singleFeature = (table: number[][]): Float64Array[][] =>
  table[0].map((_, r) => [Float64Array.from(table.map((row) => row[r]))]);

describe('iccTwoWay', () => {
  it('reproduces Shrout & Fleiss (1979) Table 2: ICC(2,1) = 0.29, ICC(3,1) = 0.71', () => {
    const table = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const { icc2, icc3 } = iccTwoWay(singleFeature(table));
    expect(icc2[0]).toBeCloseTo(0.29, 2);
    expect(icc3[0]).toBeCloseTo(0.71, 2);
    // Hand calculation: MSR = 11.2417, MSC = 32.4867, MSE = 1.0194 (Shrout & Fleiss Table 3).
    const msr = 56.2083 / 5;
    const msc = 97.4583 / 3;
    const mse = 15.2917 / 15;
    expectClose(icc3[0], (msr - mse) / (msr + 3 * mse), 1e-4);
    expectClose(icc2[0], (msr - mse) / (msr + 3 * mse + (4 * (msc - mse)) / 6), 1e-4);
  });

  for (const c of reference.cases) {
    it(`matches the numpy least-squares ANOVA reference: ${c.name}`, () => {
      const { icc2, icc3 } = iccTwoWay(toReadings(c.readings));
      expect(icc2.length).toBe(c.icc2.length);
      c.icc2.forEach((v, j) => expectClose(icc2[j], v ?? NaN, 1e-9, 1e-12));
      c.icc3.forEach((v, j) => expectClose(icc3[j], v ?? NaN, 1e-9, 1e-12));
      expect(Array.from(iccTwoWayRandom(toReadings(c.readings)))).toEqual(Array.from(icc2));
      expect(Array.from(iccTwoWayMixed(toReadings(c.readings)))).toEqual(Array.from(icc3));
    });
  }

  it('gives 1 when readers agree exactly on a varying feature', () => {
    const { icc2, icc3 } = iccTwoWay(
      singleFeature([
        [1, 1],
        [4, 4],
        [2.5, 2.5],
      ]),
    );
    expect(icc2[0]).toBe(1);
    expect(icc3[0]).toBe(1);
  });

  it('ICC(3,1) ignores a constant reader offset while ICC(2,1) penalises it', () => {
    const { icc2, icc3 } = iccTwoWay(
      singleFeature([
        [1, 3],
        [4, 6],
        [2, 4],
        [7, 9],
      ]),
    );
    expectClose(icc3[0], 1, 1e-12);
    // Hand calculation: MSR = 2·Σ(row mean − 4.5)²/3 = 2·21/3 = 14, MSC = 4·2/1 = 8, MSE = 0.
    expectClose(icc2[0], 14 / (14 + (2 * 8) / 4), 1e-12);
  });

  it('is NaN for a constant feature (identical readings everywhere) and for NaN readings', () => {
    const constant = [Float64Array.of(0.1, 0.1, 0.1), Float64Array.of(2, 3, 4), Float64Array.of(1, NaN, 3)];
    const repeat = [Float64Array.of(0.1, 0.1, 0.1), Float64Array.of(2, 3, 4.5), Float64Array.of(1, 2, 3)];
    const { icc2, icc3 } = iccTwoWay([constant, repeat]);
    expect(icc2[0]).toBeNaN();
    expect(icc3[0]).toBeNaN();
    expect(icc2[1]).toBeGreaterThan(0.9);
    expect(icc2[2]).toBeNaN();
  });

  it('rejects fewer than 2 readings, fewer than 2 patients and mismatched shapes', () => {
    expect(() => iccTwoWay([[Float64Array.of(1, 2)]])).toThrow(/2 readings/);
    expect(() => iccTwoWay([[Float64Array.of(1)], [Float64Array.of(2)]])).toThrow(/2 patients/);
    expect(() => iccTwoWay([[Float64Array.of(1, 2)], [Float64Array.of(1, 2, 3)]])).toThrow(/patients/);
    expect(() => iccTwoWay([[Float64Array.of(1, 2)], []])).toThrow(/features/);
  });
});

describe('reliableFeatureMask', () => {
  it('keeps a feature only when both ICCs are strictly above the threshold; NaN is unreliable', () => {
    const inter = Float64Array.of(0.9, 0.9, 0.75, NaN, 0.8);
    const intra = Float64Array.of(0.8, 0.7, 0.99, 0.9, 0.76);
    expect(Array.from(reliableFeatureMask(inter, intra))).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(reliableFeatureMask(inter, intra, 0.85))).toEqual([0, 0, 0, 0, 0]);
    expect(() => reliableFeatureMask(inter, Float64Array.of(1))).toThrow();
  });
});
