import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aucMannWhitney } from '../../src/stats/auc.js';
import { createRng } from '../../src/stats/random.js';
import { rocCurve, thresholdAboveAll, trapezoidalArea } from '../../src/stats/roc.js';

interface BinaryCase {
  name: string;
  labels: number[];
  scores: number[][];
  roc: { threshold: number; tpr: number; fpr: number }[];
}
// Reference: tpr = mean(pos ≥ t), fpr = mean(neg ≥ t) per distinct t in numpy (make_binary_metrics_reference.py).
const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/stats/delong_reference.json', import.meta.url), 'utf8')) as {
    cases: BinaryCase[];
  }
).cases;

describe('rocCurve', () => {
  it('matches the hand-drawn curve with a tie as one diagonal step', () => {
    // positives 0.8, 0.6, 0.4; negatives 0.5, 0.4
    const roc = rocCurve([0.8, 0.5, 0.6, 0.4, 0.4], Uint8Array.from([1, 0, 1, 1, 0]));
    expect(roc).toEqual([
      { fpr: 0, tpr: 0, threshold: 1.8 },
      { fpr: 0, tpr: 1 / 3, threshold: 0.8 },
      { fpr: 0, tpr: 2 / 3, threshold: 0.6 },
      { fpr: 0.5, tpr: 2 / 3, threshold: 0.5 },
      { fpr: 1, tpr: 1, threshold: 0.4 },
    ]);
    expect(trapezoidalArea(roc)).toBeCloseTo(0.75, 15);
  });

  it('matches the numpy reference point by point after the sentinel', () => {
    for (const c of cases) {
      const roc = rocCurve(Float64Array.from(c.scores[0]), Uint8Array.from(c.labels));
      expect(roc.length, c.name).toBe(c.roc.length + 1);
      expect(roc[0].fpr).toBe(0);
      expect(roc[0].tpr).toBe(0);
      expect(roc[0].threshold).toBeGreaterThan(c.roc[0].threshold);
      c.roc.forEach((point, k) => {
        expect(roc[k + 1].threshold).toBe(point.threshold);
        expect(roc[k + 1].tpr).toBeCloseTo(point.tpr, 14);
        expect(roc[k + 1].fpr).toBeCloseTo(point.fpr, 14);
      });
    }
  });

  it('has trapezoidal area equal to the rank-based AUC on random tied data', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 20 + rng.int(100);
      const labels = Uint8Array.from({ length: n }, (_, i) => (i < 3 ? i % 2 : rng.next() < 0.3 ? 1 : 0));
      const scores = Float64Array.from({ length: n }, (_, i) => Math.round(labels[i] + 2 * rng.normal()));
      expect(trapezoidalArea(rocCurve(scores, labels))).toBeCloseTo(aucMannWhitney(scores, labels), 13);
    }
  });

  it('goes straight from (0,0) to (1,1) when all scores are equal', () => {
    expect(rocCurve([0.3, 0.3, 0.3], Uint8Array.from([1, 0, 1]))).toEqual([
      { fpr: 0, tpr: 0, threshold: 1.3 },
      { fpr: 1, tpr: 1, threshold: 0.3 },
    ]);
  });

  it('is JSON-safe: the starting threshold is finite', () => {
    const roc = rocCurve([0.9, 1, 0.2], Uint8Array.from([1, 1, 0]));
    expect(roc[0].threshold).toBe(2);
    expect(JSON.parse(JSON.stringify(roc))).toEqual(roc);
  });

  it('gives NaN rates for a missing class', () => {
    const roc = rocCurve([0.9, 0.1], Uint8Array.from([0, 0]));
    expect(roc[1].tpr).toBeNaN();
    expect(roc[1].fpr).toBe(0.5);
  });
});

describe('thresholdAboveAll', () => {
  it('is max + 1, or the next double when + 1 is lost to rounding', () => {
    expect(thresholdAboveAll(0.97)).toBe(1.97);
    expect(thresholdAboveAll(-5)).toBe(-4);
    expect(thresholdAboveAll(1e20)).toBeGreaterThan(1e20);
    expect(thresholdAboveAll(-1e20)).toBeGreaterThan(-1e20);
    expect(thresholdAboveAll(Number.MAX_VALUE)).toBe(Infinity);
    expect(thresholdAboveAll(Infinity)).toBe(Infinity);
  });
});
