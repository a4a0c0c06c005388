import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { confusionAtThreshold, youdenThreshold } from '../../src/stats/youden.js';

interface BinaryCase {
  name: string;
  labels: number[];
  scores: number[][];
  youden: { threshold: number; sensitivity: number; specificity: number; j: number };
}
// Reference: brute force over thresholds with exact fractions in Python (make_binary_metrics_reference.py).
const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/stats/delong_reference.json', import.meta.url), 'utf8')) as {
    cases: BinaryCase[];
  }
).cases;

describe('youdenThreshold', () => {
  it('finds the hand-calculated optimum', () => {
    // thresholds 0.8 → J 1/3; 0.6 → 2/3; 0.5 → 1/6; 0.4 → 0
    const result = youdenThreshold([0.8, 0.5, 0.6, 0.4, 0.4], Uint8Array.from([1, 0, 1, 1, 0]));
    expect(result.threshold).toBe(0.6);
    expect(result.sensitivity).toBeCloseTo(2 / 3, 15);
    expect(result.specificity).toBe(1);
    expect(result.j).toBeCloseTo(2 / 3, 15);
  });

  it('breaks ties in J towards the higher threshold', () => {
    // positives 4, 2; negatives 3, 1. Threshold 4: sens ½, spec 1 → J ½. Threshold 2: sens 1, spec ½ → J ½.
    const result = youdenThreshold([4, 3, 2, 1], Uint8Array.from([1, 0, 1, 0]));
    expect(result.threshold).toBe(4);
    expect(result.j).toBe(0.5);
  });

  it('matches the Python brute force on the reference data', () => {
    for (const c of cases) {
      const result = youdenThreshold(Float64Array.from(c.scores[0]), Uint8Array.from(c.labels));
      expect(result.threshold, c.name).toBe(c.youden.threshold);
      expect(result.sensitivity).toBeCloseTo(c.youden.sensitivity, 14);
      expect(result.specificity).toBeCloseTo(c.youden.specificity, 14);
      expect(result.j).toBeCloseTo(c.youden.j, 14);
    }
  });

  it('returns the nobody-positive sentinel (J = 0) for a useless reversed score', () => {
    const result = youdenThreshold([1, 2, 3, 4], Uint8Array.from([1, 1, 0, 0]));
    expect(result.j).toBe(0);
    expect(result.sensitivity).toBe(0);
    expect(result.specificity).toBe(1);
    expect(result.threshold).toBe(5);
  });

  it('is NaN without both classes', () => {
    expect(youdenThreshold([1, 2], Uint8Array.from([0, 0])).threshold).toBeNaN();
  });
});

describe('confusionAtThreshold', () => {
  it('counts with score ≥ threshold as positive', () => {
    const scores = [0.9, 0.7, 0.7, 0.4, 0.2, 0.1];
    const labels = Uint8Array.from([1, 0, 1, 1, 0, 0]);
    expect(confusionAtThreshold(scores, labels, 0.7)).toEqual({
      sensitivity: 2 / 3,
      specificity: 2 / 3,
      accuracy: 4 / 6,
      tp: 2,
      fp: 1,
      tn: 2,
      fn: 1,
    });
  });

  it('reproduces the Youden point when applied with the Youden threshold', () => {
    const scores = [0.8, 0.5, 0.6, 0.4, 0.4];
    const labels = Uint8Array.from([1, 0, 1, 1, 0]);
    const youden = youdenThreshold(scores, labels);
    const confusion = confusionAtThreshold(scores, labels, youden.threshold);
    expect(confusion.sensitivity).toBe(youden.sensitivity);
    expect(confusion.specificity).toBe(youden.specificity);
  });

  it('gives NaN sensitivity for a set without positives (and NaN specificity without negatives)', () => {
    const noPositives = confusionAtThreshold([0.2, 0.8], Uint8Array.from([0, 0]), 0.5);
    expect(noPositives.sensitivity).toBeNaN();
    expect(noPositives.specificity).toBe(0.5);
    expect(noPositives.accuracy).toBe(0.5);
    expect(confusionAtThreshold([0.2], Uint8Array.from([1]), 0.5).specificity).toBeNaN();
    expect(confusionAtThreshold([], new Uint8Array(0), 0.5).accuracy).toBeNaN();
  });
});
