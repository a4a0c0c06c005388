import { describe, expect, it } from 'vitest';
import { applyMedianImputer, fitMedianImputer } from '../../src/inputs/medianImputer.js';

const col = (...v: number[]) => Float64Array.from(v);

describe('fitMedianImputer', () => {
  it('takes the median of observed training values (odd and even counts)', () => {
    const features = [col(5, 1, NaN, 3, 100), col(4, NaN, 2, 8, -100)];
    const { medians } = fitMedianImputer(features, [0, 1, 2, 3]);
    expect(medians).toEqual([3, 4]); // [1,3,5] -> 3 ; [2,4,8] -> 4
    expect(fitMedianImputer([col(4, 1, 3, 2)], Int32Array.from([0, 1, 2, 3])).medians).toEqual([2.5]);
  });

  it('never changes when only non-training rows change (no leakage)', () => {
    const train = [0, 2, 4];
    const features = [col(1, 50, 2, NaN, 9, 7), col(NaN, 0, 6, 1, 4, NaN)];
    const before = fitMedianImputer(features, train).medians;
    const altered = features.map((c) => {
      const copy = Float64Array.from(c);
      for (const row of [1, 3, 5]) copy[row] = row % 2 === 0 ? NaN : 1e6 * row;
      return copy;
    });
    expect(fitMedianImputer(altered, train).medians).toEqual(before);
    // ...whereas changing a training row does change it, so the check above can fail.
    const trainAltered = features.map((c) => Float64Array.from(c));
    trainAltered[0][2] = 1e6;
    expect(fitMedianImputer(trainAltered, train).medians[0]).not.toBe(before[0]);
  });

  it('refuses out-of-range rows and features with nothing observed on training rows', () => {
    expect(() => fitMedianImputer([col(1, 2)], [0, 2])).toThrowError(
      /training row 2 is not a row index in \[0, 2\)/,
    );
    expect(() => fitMedianImputer([col(NaN, 2)], [0], ['pet_x'])).toThrowError(
      /feature pet_x has no observed value/,
    );
  });
});

describe('applyMedianImputer', () => {
  it('fills NaN with the fitted medians without modifying the input', () => {
    const features = [col(1, NaN, 3), col(NaN, NaN, 0)];
    const filled = applyMedianImputer(features, { medians: [10, -1] });
    expect(filled.map((c) => Array.from(c))).toEqual([
      [1, 10, 3],
      [-1, -1, 0],
    ]);
    expect(Number.isNaN(features[0][1])).toBe(true);
  });

  it('refuses a column count different from the fit', () => {
    expect(() => applyMedianImputer([col(1)], { medians: [1, 2] })).toThrowError(
      /1 feature columns but the imputer was fitted on 2/,
    );
  });
});
