import { describe, expect, it } from 'vitest';
import { applyCalibrator } from '../../src/calibration/calibrator.js';
import { fitIsotonicCalibrator, poolAdjacentViolators } from '../../src/calibration/isotonic.js';

describe('pool adjacent violators', () => {
  it('matches a hand-worked example', () => {
    // 1,0 → pool to .5 (w2); then 0 → pool to 1/3 (w3); 1 fine; 0 → pool with 1 to .5 (w2); 1 fine.
    const fitted = poolAdjacentViolators([1, 0, 0, 1, 0, 1], [1, 1, 1, 1, 1, 1]);
    const expected = [1 / 3, 1 / 3, 1 / 3, 0.5, 0.5, 1];
    expected.forEach((v, i) => expect(fitted[i]).toBeCloseTo(v, 15));
  });

  it('uses the weights when pooling', () => {
    // 0.9 (w1) and 0.1 (w3) violate → (0.9 + 0.3) / 4 = 0.3.
    const fitted = poolAdjacentViolators([0.9, 0.1], [1, 3]);
    expect(fitted[0]).toBeCloseTo(0.3, 15);
    expect(fitted[1]).toBeCloseTo(0.3, 15);
  });

  it('leaves an already increasing sequence unchanged', () => {
    expect(Array.from(poolAdjacentViolators([0, 0.2, 0.2, 0.7], [1, 2, 1, 1]))).toEqual([0, 0.2, 0.2, 0.7]);
  });
});

describe('isotonic calibrator', () => {
  it('keeps only the ends of flat blocks and interpolates linearly between them, clipping outside', () => {
    // Same labels as the PAV example, at scores 1..6 given out of order.
    const calibrator = fitIsotonicCalibrator([4, 1, 6, 2, 5, 3], Uint8Array.from([1, 1, 1, 0, 0, 0]));
    expect(calibrator.x).toEqual([1, 3, 4, 5, 6]);
    [1 / 3, 1 / 3, 0.5, 0.5, 1].forEach((v, i) => expect(calibrator.y[i]).toBeCloseTo(v, 15));
    const p = applyCalibrator(calibrator, [0, 2, 3.5, 5.5, 9]);
    [1 / 3, 1 / 3, 5 / 12, 0.75, 1].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 15));
  });

  it('treats tied scores as one point with their mean label', () => {
    // x=1: labels 1,0 (mean .5, w2); x=2: 0,0 (mean 0, w2); x=3: 1. Pool .5 and 0 → .25.
    const calibrator = fitIsotonicCalibrator([2, 1, 3, 1, 2], Uint8Array.from([0, 1, 1, 0, 0]));
    expect(calibrator.x).toEqual([1, 2, 3]);
    [0.25, 0.25, 1].forEach((v, i) => expect(calibrator.y[i]).toBeCloseTo(v, 15));
    expect(applyCalibrator(calibrator, [2.5])[0]).toBeCloseTo(0.625, 15);
  });

  it('gives a constant map when all scores are equal', () => {
    const calibrator = fitIsotonicCalibrator([0.4, 0.4, 0.4, 0.4], Uint8Array.from([1, 0, 0, 0]));
    expect(Array.from(applyCalibrator(calibrator, [-1, 0.4, 3]))).toEqual([0.25, 0.25, 0.25]);
  });
});
