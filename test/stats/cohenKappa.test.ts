import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../../src/stats/cohenKappa.js';

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/kappa_reference.json', import.meta.url), 'utf8'),
) as { cases: { a: string[]; b: string[]; kappa: number }[] };

describe("Cohen's kappa", () => {
  it.each(reference.cases.map((c, i) => [i, c] as const))('matches scikit-learn on case %i', (_, c) => {
    expect(cohenKappa(c.a, c.b).kappa).toBeCloseTo(c.kappa, 12);
  });

  it('is symmetric in the two raters', () => {
    for (const c of reference.cases) expect(cohenKappa(c.b, c.a).kappa).toBeCloseTo(cohenKappa(c.a, c.b).kappa, 14);
  });

  it('reads perfect agreement on a single level as 1 and flags it degenerate', () => {
    const result = cohenKappa(['mass', 'mass', 'mass'], ['mass', 'mass', 'mass']);
    expect(result).toMatchObject({ kappa: 1, degenerate: true });
  });

  it('rejects readings of different lengths', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(/1 vs 2/);
  });
});
