import { describe, expect, it } from 'vitest';
import { bootstrapAucCi, quantileSorted } from '../../src/stats/bootstrap.js';
import { aucWithDeLongCi } from '../../src/stats/delong.js';
import { createRng } from '../../src/stats/random.js';

function binormalSample(seed: number, nPositive: number, nNegative: number, separation: number) {
  const rng = createRng(seed);
  const n = nPositive + nNegative;
  const labels = Uint8Array.from({ length: n }, (_, i) => (i < nPositive ? 1 : 0));
  const scores = Float64Array.from(labels, (label) => separation * label + rng.normal());
  return { scores, labels };
}

describe('quantileSorted (type 7)', () => {
  it('interpolates linearly between order statistics like numpy.quantile', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 10]);
    // numpy.quantile([1,2,3,4,10], [0, 0.1, 0.5, 0.9, 1]) = [1, 1.4, 3, 7.6, 10]
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.1)).toBeCloseTo(1.4, 14);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(7.6, 14);
    expect(quantileSorted(sorted, 1)).toBe(10);
  });
});

describe('bootstrapAucCi', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const { scores, labels } = binormalSample(1, 30, 50, 1);
    const a = bootstrapAucCi(scores, labels, { seed: 42, replicates: 500 });
    const b = bootstrapAucCi(scores, labels, { seed: 42, replicates: 500 });
    const c = bootstrapAucCi(scores, labels, { seed: 43, replicates: 500 });
    expect(a).toEqual(b);
    expect(c.ci95).not.toEqual(a.ci95);
    expect(c.auc).toBe(a.auc);
  });

  it('contains the sample AUC and agrees with the DeLong CI on a large sample', () => {
    const { scores, labels } = binormalSample(7, 400, 600, 1);
    const bootstrap = bootstrapAucCi(scores, labels, { seed: 3 });
    const deLong = aucWithDeLongCi(scores, labels);
    expect(bootstrap.replicates).toBe(2000);
    expect(bootstrap.auc).toBeCloseTo(deLong.auc, 14);
    expect(bootstrap.ci95[0]).toBeLessThan(bootstrap.auc);
    expect(bootstrap.ci95[1]).toBeGreaterThan(bootstrap.auc);
    // Both estimate the same sampling distribution; with n = 1000 the SE is ~0.015, so the interval
    // ends agree to within a few thousandths (Monte-Carlo error of 2000 replicates ≈ 0.001).
    expect(Math.abs(bootstrap.se - deLong.se) / deLong.se).toBeLessThan(0.1);
    expect(Math.abs(bootstrap.ci95[0] - deLong.ci95[0])).toBeLessThan(0.006);
    expect(Math.abs(bootstrap.ci95[1] - deLong.ci95[1])).toBeLessThan(0.006);
  });

  it('narrows with a lower level', () => {
    const { scores, labels } = binormalSample(9, 40, 40, 0.8);
    const wide = bootstrapAucCi(scores, labels, { seed: 1, level: 0.95, replicates: 1000 });
    const narrow = bootstrapAucCi(scores, labels, { seed: 1, level: 0.8, replicates: 1000 });
    expect(narrow.ci95[0]).toBeGreaterThan(wide.ci95[0]);
    expect(narrow.ci95[1]).toBeLessThan(wide.ci95[1]);
  });

  it('keeps both classes in every replicate: perfect separation gives exactly [1, 1]', () => {
    const scores = [0.9, 0.8, 0.1, 0.2, 0.3];
    const labels = Uint8Array.from([1, 1, 0, 0, 0]);
    expect(bootstrapAucCi(scores, labels, { seed: 5, replicates: 200 })).toEqual({
      auc: 1,
      se: 0,
      ci95: [1, 1],
      replicates: 200,
    });
  });

  it('is NaN without one class and rejects bad options', () => {
    const result = bootstrapAucCi([1, 2], Uint8Array.from([1, 1]), { seed: 1 });
    expect(result.auc).toBeNaN();
    expect(result.ci95[0]).toBeNaN();
    expect(() => bootstrapAucCi([1, 2], Uint8Array.from([1, 0]), { seed: 1, replicates: 1 })).toThrow(
      RangeError,
    );
    expect(() => bootstrapAucCi([1, 2], Uint8Array.from([1, 0]), { seed: 1, level: 0 })).toThrow(RangeError);
  });
});
