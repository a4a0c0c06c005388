import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  codeLevels,
  createPairwiseMutualInformation,
  mutualInformation,
} from '../../src/featureSelection/mutualInformation.js';
import { expectClose } from '../stats/closeTo.js';

// Naive numpy contingency-table plug-in estimate (test/fixtures/stats/make_mutual_information_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/mutual_information_reference.json', import.meta.url), 'utf8'),
) as { mutualInformation: { name: string; a: number[]; b: number[]; mi: number }[] };

describe('mutualInformation', () => {
  for (const c of reference.mutualInformation) {
    it(`matches the numpy plug-in estimate: ${c.name}`, () => {
      expectClose(mutualInformation(Int32Array.from(c.a), Int32Array.from(c.b)), c.mi, 1e-12, 1e-14);
      expectClose(mutualInformation(c.b, c.a), c.mi, 1e-12, 1e-14);
    });
  }

  it('hand examples in nats: identical uniform codings give ln(levels); a constant coding gives exactly 0', () => {
    expectClose(mutualInformation([0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 1, 2]), Math.log(3), 1e-14);
    expect(mutualInformation([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0);
    // Independent by construction: every cell count is 1.
    expect(mutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
    // n = 2 with both codings constant.
    expect(mutualInformation([0, 0], [3, 3])).toBe(0);
  });

  it('pairwise helper agrees with one-shot calls in any order and with repeated use', () => {
    const codings = reference.mutualInformation.slice(0, 3).flatMap((c) => [c.a, c.b]);
    const rows = codings[0].length;
    const sameLength = codings.filter((c) => c.length === rows);
    const mi = createPairwiseMutualInformation(sameLength);
    for (let f = 0; f < sameLength.length; f++) {
      for (let g = 0; g < sameLength.length; g++) {
        expectClose(mi(f, g), mutualInformation(sameLength[f], sameLength[g]), 1e-12, 1e-14);
        expectClose(mi(f, g), mi(g, f), 1e-12, 1e-14);
      }
    }
    expect(mi(0, 1)).toBe(mi(0, 1));
    expect(() => createPairwiseMutualInformation([[0, 1], [0]])).toThrow(/rows/);
    expect(() => createPairwiseMutualInformation([[0, 1e5]])).toThrow(/too many/);
  });

  it('rejects mismatched lengths and invalid codes', () => {
    expect(() => mutualInformation([0, 1], [0])).toThrow(/rows/);
    expect(() => mutualInformation([0, -1], [0, 1])).toThrow(/integers/);
    expect(() => codeLevels([0, 1.5])).toThrow(/integers/);
    expect(codeLevels([0, 4, 2])).toBe(5);
    expect(() => mutualInformation([], [])).toThrow(/no rows/);
  });
});
