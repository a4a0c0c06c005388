import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aucMannWhitney } from '../../src/stats/auc.js';
import { midranks } from '../../src/stats/midranks.js';
import { createRng } from '../../src/stats/random.js';

interface BinaryCase {
  name: string;
  labels: number[];
  scores: number[][];
  aucs: number[];
}
// Reference: explicit pairwise ψ-matrix AUCs in numpy (make_binary_metrics_reference.py).
const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/stats/delong_reference.json', import.meta.url), 'utf8')) as {
    cases: BinaryCase[];
  }
).cases;

/** Expands rating counts per category into (score, label) rows. */
function fromRatingCounts(
  negatives: number[],
  positives: number[],
): { scores: Float64Array; labels: Uint8Array } {
  const scores: number[] = [];
  const labels: number[] = [];
  const add = (counts: number[], label: number) =>
    counts.forEach((count, k) => {
      for (let i = 0; i < count; i++) {
        scores.push(k + 1);
        labels.push(label);
      }
    });
  add(negatives, 0);
  add(positives, 1);
  return { scores: Float64Array.from(scores), labels: Uint8Array.from(labels) };
}

describe('midranks', () => {
  it('averages the ranks of tied values', () => {
    expect(Array.from(midranks([5, 7, 7, 9]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(midranks([3, 1, 3, 3, 2]))).toEqual([4, 1, 4, 4, 2]);
    expect(Array.from(midranks([-Infinity, Infinity, 0, Infinity]))).toEqual([1, 3.5, 2, 3.5]);
    expect(Array.from(midranks([]))).toEqual([]);
  });
});

describe('aucMannWhitney', () => {
  it('reproduces Hanley & McNeil (1982) CT example: 58 normal / 51 abnormal, AUC 0.893', () => {
    // Radiologist ratings 1 (definitely normal) … 5 (definitely abnormal), Hanley & McNeil Table I.
    const { scores, labels } = fromRatingCounts([33, 6, 6, 11, 2], [3, 2, 2, 11, 33]);
    expect(labels.length).toBe(109);
    expect(aucMannWhitney(scores, labels)).toBeCloseTo(0.893, 3);
  });

  it('matches the hand calculation with a tie (3 positives, 2 negatives)', () => {
    // pairs (pos > neg): 0.8>0.5, 0.8>0.4, 0.6>0.5, 0.6>0.4, 0.4=0.4 (½), 0.4<0.5 → 4.5/6
    expect(aucMannWhitney([0.8, 0.5, 0.6, 0.4, 0.4], Uint8Array.from([1, 0, 1, 1, 0]))).toBeCloseTo(0.75, 15);
  });

  it('is 0.5 when all scores are equal, 1 for perfect separation, 0 for reversed', () => {
    const labels = Uint8Array.from([1, 0, 1, 0, 0]);
    expect(aucMannWhitney([3, 3, 3, 3, 3], labels)).toBe(0.5);
    expect(aucMannWhitney([9, 1, 8, 2, 3], labels)).toBe(1);
    expect(aucMannWhitney([1, 9, 2, 8, 7], labels)).toBe(0);
  });

  it('matches the numpy pairwise reference on random data with ties', () => {
    for (const c of cases) {
      const labels = Uint8Array.from(c.labels);
      c.scores.forEach((scores, k) => {
        expect(aucMannWhitney(Float64Array.from(scores), labels), `${c.name} #${k}`).toBeCloseTo(
          c.aucs[k],
          12,
        );
      });
    }
  });

  it('agrees with the O(n²) pair count on random tied data (independent in-test implementation)', () => {
    const rng = createRng(11);
    const n = 150;
    const scores = Float64Array.from({ length: n }, () => rng.int(12));
    const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    let pairSum = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (labels[j] !== 0) continue;
        pairs++;
        pairSum += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
    expect(aucMannWhitney(scores, labels)).toBeCloseTo(pairSum / pairs, 13);
  });

  it('is NaN without positives or negatives, and rejects bad input', () => {
    expect(aucMannWhitney([1, 2, 3], Uint8Array.from([0, 0, 0]))).toBeNaN();
    expect(aucMannWhitney([1, 2, 3], Uint8Array.from([1, 1, 1]))).toBeNaN();
    expect(() => aucMannWhitney([1, 2], Uint8Array.from([1]))).toThrow(RangeError);
    expect(() => aucMannWhitney([1, NaN], Uint8Array.from([1, 0]))).toThrow(RangeError);
    expect(() => aucMannWhitney([1, 2], [1, 2])).toThrow(RangeError);
  });
});
