import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aucWithDeLongCi,
  deLongCovariance,
  deLongVariance,
  pairedDeLongTest,
  placementValues,
} from '../../src/stats/delong.js';

interface BinaryCase {
  name: string;
  labels: number[];
  scores: number[][];
  aucs: number[];
  covariance: number[][];
  placements: { positives: number[]; negatives: number[] }[];
  ci95: [number, number][];
  ci90: [number, number][];
  paired01: { difference: number; z: number; pValue: number };
}
// Reference: explicit O(m·n) ψ-matrix DeLong in numpy (make_binary_metrics_reference.py).
const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/stats/delong_reference.json', import.meta.url), 'utf8')) as {
    cases: BinaryCase[];
  }
).cases;

// Hand example: positives 0.8, 0.6, 0.4; negatives 0.5, 0.4 (a positive-negative tie at 0.4).
const handScores = [0.8, 0.5, 0.6, 0.4, 0.4];
const handLabels = Uint8Array.from([1, 0, 1, 1, 0]);

describe('DeLong on a hand-calculated example', () => {
  it('has placement values V10 = [1, 1, 1/4] and V01 = [2/3, 5/6]', () => {
    const { positives, negatives } = placementValues(handScores, handLabels);
    expect(Array.from(positives)).toEqual([1, 1, 0.25]);
    expect(negatives[0]).toBeCloseTo(2 / 3, 15);
    expect(negatives[1]).toBeCloseTo(5 / 6, 15);
  });

  it('has variance S10/3 + S01/2 = 0.1875/3 + (1/72)/2 = 5/72', () => {
    expect(deLongVariance(handScores, handLabels)).toBeCloseTo(5 / 72, 15);
    const result = aucWithDeLongCi(handScores, handLabels);
    expect(result.auc).toBeCloseTo(0.75, 15);
    expect(result.se).toBeCloseTo(Math.sqrt(5 / 72), 15);
    // 0.75 ± 1.959964·0.263523 = [0.233508, 1.266492] → upper clipped to 1
    expect(result.ci95[0]).toBeCloseTo(0.75 - 1.959963984540054 * Math.sqrt(5 / 72), 12);
    expect(result.ci95[1]).toBe(1);
  });
});

describe('DeLong against the numpy reference', () => {
  for (const c of cases) {
    const labels = Uint8Array.from(c.labels);
    const vectors = c.scores.map((s) => Float64Array.from(s));

    it(`${c.name}: placement values`, () => {
      vectors.forEach((scores, k) => {
        const { positives, negatives } = placementValues(scores, labels);
        positives.forEach((v, i) => expect(v).toBeCloseTo(c.placements[k].positives[i], 13));
        negatives.forEach((v, j) => expect(v).toBeCloseTo(c.placements[k].negatives[j], 13));
      });
    });

    it(`${c.name}: AUCs and covariance matrix`, () => {
      const { aucs, covariance } = deLongCovariance(vectors, labels);
      aucs.forEach((auc, k) => expect(auc).toBeCloseTo(c.aucs[k], 13));
      for (let a = 0; a < vectors.length; a++) {
        for (let b = 0; b < vectors.length; b++) {
          expect(covariance[a][b]).toBeCloseTo(c.covariance[a][b], 14);
        }
      }
    });

    it(`${c.name}: clipped 95% and 90% Wald intervals`, () => {
      vectors.forEach((scores, k) => {
        const at95 = aucWithDeLongCi(scores, labels);
        expect(at95.se).toBeCloseTo(Math.sqrt(c.covariance[k][k]), 13);
        expect(at95.ci95[0]).toBeCloseTo(c.ci95[k][0], 12);
        expect(at95.ci95[1]).toBeCloseTo(c.ci95[k][1], 12);
        const at90 = aucWithDeLongCi(scores, labels, 0.9);
        expect(at90.ci95[0]).toBeCloseTo(c.ci90[k][0], 12);
        expect(at90.ci95[1]).toBeCloseTo(c.ci90[k][1], 12);
      });
    });

    it(`${c.name}: paired test of the first two score vectors`, () => {
      const test = pairedDeLongTest(vectors[0], vectors[1], labels);
      expect(test.aucA).toBeCloseTo(c.aucs[0], 13);
      expect(test.aucB).toBeCloseTo(c.aucs[1], 13);
      expect(test.difference).toBeCloseTo(c.paired01.difference, 13);
      expect(test.z).toBeCloseTo(c.paired01.z, 10);
      expect(test.pValue).toBeCloseTo(c.paired01.pValue, 10);
      // swapping A and B flips z and keeps p
      const swapped = pairedDeLongTest(vectors[1], vectors[0], labels);
      expect(swapped.z).toBeCloseTo(-test.z, 12);
      expect(swapped.pValue).toBeCloseTo(test.pValue, 12);
    });
  }

  it('clips the interval at 1 for near-separated data', () => {
    const c = cases.find((x) => x.name.startsWith('near separation'))!;
    const result = aucWithDeLongCi(Float64Array.from(c.scores[1]), Uint8Array.from(c.labels));
    expect(result.auc + 1.959963984540054 * result.se).toBeGreaterThan(1);
    expect(result.ci95[1]).toBe(1);
  });
});

describe('DeLong edge cases', () => {
  it('perfect separation: AUC 1, SE 0, CI [1, 1]', () => {
    const result = aucWithDeLongCi([0.9, 0.1, 0.8, 0.2, 0.7], Uint8Array.from([1, 0, 1, 0, 1]));
    expect(result).toEqual({ auc: 1, se: 0, ci95: [1, 1] });
  });

  it('all scores equal: AUC 0.5, SE 0, CI [0.5, 0.5]', () => {
    expect(aucWithDeLongCi([2, 2, 2, 2], Uint8Array.from([1, 0, 1, 0]))).toEqual({
      auc: 0.5,
      se: 0,
      ci95: [0.5, 0.5],
    });
  });

  it('a class of one: AUC defined, variance NaN (like R var() of one value), CI NaN', () => {
    const labels = Uint8Array.from([1, 0, 0, 0]);
    const result = aucWithDeLongCi([0.5, 0.2, 0.7, 0.1], labels);
    expect(result.auc).toBeCloseTo(2 / 3, 15);
    expect(result.se).toBeNaN();
    expect(result.ci95[0]).toBeNaN();
    expect(result.ci95[1]).toBeNaN();
  });

  it('no positives: everything NaN', () => {
    const result = aucWithDeLongCi([0.5, 0.2], Uint8Array.from([0, 0]));
    expect(result.auc).toBeNaN();
    expect(result.se).toBeNaN();
    expect(pairedDeLongTest([1, 2], [2, 1], Uint8Array.from([0, 0])).pValue).toBeNaN();
  });

  it('identical score vectors: difference 0, z 0, p 1', () => {
    const scores = [0.9, 0.3, 0.5, 0.6, 0.2, 0.8];
    const labels = Uint8Array.from([1, 0, 1, 0, 0, 1]);
    expect(pairedDeLongTest(scores, scores, labels)).toMatchObject({ difference: 0, z: 0, pValue: 1 });
  });

  it('different AUCs with zero variance of the difference: z = ±Infinity, p = 0', () => {
    const labels = Uint8Array.from([1, 0, 1, 0]);
    const perfect = [0.9, 0.1, 0.8, 0.2];
    const flat = [0.5, 0.5, 0.5, 0.5];
    const test = pairedDeLongTest(perfect, flat, labels);
    expect(test.difference).toBe(0.5);
    expect(test.z).toBe(Infinity);
    expect(test.pValue).toBe(0);
  });

  it('rejects an invalid level', () => {
    expect(() => aucWithDeLongCi([1, 2], Uint8Array.from([1, 0]), 1)).toThrow(RangeError);
  });
});
