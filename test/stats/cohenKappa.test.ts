import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../../src/stats/cohenKappa.js';
import { expectClose } from './closeTo.js';

// sklearn cohen_kappa_score and statsmodels cohens_kappa (test/fixtures/stats/make_cohen_kappa_reference.py).
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/cohen_kappa_reference.json', import.meta.url), 'utf8'),
) as {
  cases: {
    name: string;
    first: (string | number)[];
    second: (string | number)[];
    kappa: number;
    standardError: number;
  }[];
};

describe('cohenKappa', () => {
  for (const c of reference.cases) {
    it(`matches sklearn (kappa) and statsmodels (standard error): ${c.name}`, () => {
      const result = cohenKappa(c.first, c.second);
      expectClose(result.kappa, c.kappa, 1e-12, 1e-15);
      expectClose(result.standardError, c.standardError, 1e-10);
      expect(result.n).toBe(c.first.length);
    });
  }

  it('hand example: 2×2 table [[20, 5], [10, 15]] gives p_o = 0.7, p_e = 0.5, kappa = 0.4', () => {
    const first = [...Array(25).fill('a'), ...Array(25).fill('b')];
    const second = [
      ...Array(20).fill('a'),
      ...Array(5).fill('b'),
      ...Array(10).fill('a'),
      ...Array(15).fill('b'),
    ];
    const result = cohenKappa(first, second);
    expectClose(result.observedAgreement, 0.7, 1e-14);
    expectClose(result.expectedAgreement, 0.5, 1e-14);
    expectClose(result.kappa, 0.4, 1e-14);
    expect(result.levels).toEqual(['a', 'b']);
  });

  it('defines kappa = 1, standard error 0 when both raters use one and the same level', () => {
    expect(cohenKappa(['mass', 'mass', 'mass'], ['mass', 'mass', 'mass'])).toMatchObject({
      kappa: 1,
      standardError: 0,
      observedAgreement: 1,
    });
    // Constant on different levels is ordinary: no agreement, none expected by chance.
    expect(cohenKappa(['mass', 'mass'], ['nme', 'nme']).kappa).toBe(0);
  });

  it('perfect agreement over several levels gives kappa 1 and standard error 0', () => {
    const ratings = ['a', 'b', 'c', 'a', 'b', 'c', 'a'];
    expect(cohenKappa(ratings, ratings)).toMatchObject({ kappa: 1, standardError: 0 });
  });

  it('rejects different lengths, no patients and missing readings, naming the reading', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(/1 and 2 readings/);
    expect(() => cohenKappa([], [])).toThrow(/at least one patient/);
    expect(() => cohenKappa(['a', null], ['a', 'b'])).toThrow(/first rater's reading 1 is missing/);
    expect(() => cohenKappa([1, 2], [1, NaN])).toThrow(/second rater's reading 1 is missing/);
  });
});
