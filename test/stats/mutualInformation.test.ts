import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeLevels, createMutualInformationKernel, mutualInformation } from '../../src/stats/mutualInformation.js';
import { expectClose } from './closeTo.js';

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

  it('reuses a kernel across pairs with the same answers as one-shot calls', () => {
    const kernel = createMutualInformationKernel(6, 8);
    const a = [0, 7, 7, 3, 0, 3];
    const b = [2, 2, 0, 0, 1, 1];
    const first = kernel(a, codeLevels(a), b, codeLevels(b));
    kernel(b, 3, a, 8);
    expect(kernel(a, 8, b, 3)).toBe(first);
    expect(mutualInformation(a, b)).toBe(first);
    expect(() => kernel(a, 9, b, 3)).toThrow(/levels/);
  });

  it('rejects mismatched lengths and invalid codes', () => {
    expect(() => mutualInformation([0, 1], [0])).toThrow(/rows/);
    expect(() => mutualInformation([0, -1], [0, 1])).toThrow(/integers/);
    expect(() => codeLevels([0, 1.5])).toThrow(/integers/);
  });
});
