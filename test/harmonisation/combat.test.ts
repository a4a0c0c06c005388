/**
 * ComBat against R's sva::ComBat (test/fixtures/harmonisation/make_combat_reference.R): fitted on the
 * training rows of the fixture's data and applied to them, every case agrees to 1e-6. Held-out rows
 * of a known site are adjusted with the training state only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCombat, fitCombat, namedCombatFeatures } from '../../src/harmonisation/combat.js';

interface Reference {
  batches: string[];
  age: number[];
  training: number[];
  features: number[][];
  cases: {
    eb: boolean;
    parametric: boolean;
    meanOnly: boolean;
    covariate: boolean;
    /** This feature is set to 7 on siteB's training rows (sva leaves it out and unadjusted). */
    constantFeature?: number;
    adjusted: number[][];
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/harmonisation/combat_reference.json', import.meta.url), 'utf8'),
) as Reference;
const columns = reference.features.map((f) => Float64Array.from(f));
const age = Float64Array.from(reference.age);
const training = Int32Array.from(reference.training);
const heldOut = Int32Array.from(
  reference.batches.map((_, i) => i).filter((i) => !reference.training.includes(i)),
);
type Case = Reference['cases'][number];
const label = (c: Case) =>
  `eb ${c.eb}, parametric ${c.parametric}, meanOnly ${c.meanOnly}, covariate ${c.covariate}` +
  (c.constantFeature === undefined ? '' : `, feature ${c.constantFeature} constant on siteB`);
/** The fixture's data for a case. */
function dataOf(c: Case): Float64Array[] {
  if (c.constantFeature === undefined) return columns;
  const data = columns.map((column) => Float64Array.from(column));
  for (const i of training) if (reference.batches[i] === 'siteB') data[c.constantFeature][i] = 7;
  return data;
}
/** The twelve cases of the same data. */
const plainCases = reference.cases.filter((c) => c.constantFeature === undefined);

function fitCase(c: Case, data: readonly Float64Array[] = dataOf(c)) {
  const covariates = c.covariate ? [age] : [];
  const state = fitCombat(data, reference.batches, training, {
    eb: c.eb,
    parametric: c.parametric,
    meanOnly: c.meanOnly,
    covariates,
  });
  return { state, covariates };
}

describe('fitCombat + applyCombat on training rows agree with sva::ComBat on them', () => {
  it('covers every case of the fixture', () => {
    expect(new Set(reference.cases.map(label)).size).toBe(13);
    expect(plainCases).toHaveLength(12);
    expect(heldOut.length).toBeGreaterThan(20);
  });

  it.each(reference.cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const data = dataOf(c);
    const { state, covariates } = fitCase(c);
    const adjusted = applyCombat(state, data, reference.batches, training, covariates);
    let largest = 0;
    c.adjusted.forEach((expected, j) => {
      training.forEach((i, r) => {
        const difference = Math.abs(adjusted[j][i] - expected[r]);
        largest = Math.max(largest, difference);
        expect(difference).toBeLessThan(1e-6);
      });
      // The adjustment really moved the values (the fixture's sites differ), but for a constant feature.
      if (j === c.constantFeature) expect(adjusted[j]).toEqual(data[j]);
      else expect(adjusted[j][training[0]]).not.toBe(data[j][training[0]]);
    });
    expect(largest).toBeLessThan(1e-6);
    // Rows not asked for are left as they are.
    for (const i of heldOut) expect(adjusted[0][i]).toBe(columns[0][i]);
  });
});

describe('held-out rows of a known site', () => {
  it('follow the per-site affine map sva::ComBat applied to the training rows (no covariate)', () => {
    // Without covariates ComBat maps x of feature j, site b to a·x + c: two training rows of the site
    // determine a and c from R's output, and every held-out row of that site must lie on that line.
    for (const c of plainCases.filter((k) => !k.covariate)) {
      const { state } = fitCase(c);
      const adjusted = applyCombat(state, columns, reference.batches, heldOut);
      for (const site of state.batches) {
        const [r1, r2] = [...training.keys()].filter((r) => reference.batches[training[r]] === site);
        c.adjusted.forEach((expected, j) => {
          const x1 = columns[j][training[r1]];
          const x2 = columns[j][training[r2]];
          const slope = (expected[r2] - expected[r1]) / (x2 - x1);
          for (const i of heldOut) {
            if (reference.batches[i] !== site) continue;
            const line = expected[r1] + slope * (columns[j][i] - x1);
            expect(Math.abs(adjusted[j][i] - line), `${label(c)}, ${site}, feature ${j}`).toBeLessThan(1e-6);
          }
        });
      }
    }
  });

  it('equal the formula by hand with a covariate: standardise by the training model, remove γ*, δ*', () => {
    const c = plainCases.find((k) => k.eb && k.parametric && !k.meanOnly && k.covariate)!;
    const { state } = fitCase(c);
    const adjusted = applyCombat(state, columns, reference.batches, heldOut, [age]);
    for (const i of heldOut) {
      const b = state.batches.indexOf(reference.batches[i]);
      for (let j = 0; j < columns.length; j++) {
        const center = state.grandMean[j] + state.covariateCoefficients[0][j] * age[i];
        const sd = Math.sqrt(state.varPooled[j]);
        const z = (columns[j][i] - center) / sd;
        const expected = center + sd * ((z - state.gammaStar[b][j]) / Math.sqrt(state.deltaStar[b][j]));
        expect(adjusted[j][i]).toBeCloseTo(expected, 12);
      }
    }
  });

  it('do not influence the fitted state: changing every held-out value and site changes nothing', () => {
    const changed = columns.map((column) => {
      const copy = Float64Array.from(column);
      for (const i of heldOut) copy[i] = copy[i] * 3 + 100;
      return copy;
    });
    const batches = reference.batches.map((b, i) => (heldOut.includes(i) ? 'siteA' : b));
    for (const c of plainCases) {
      const covariates = c.covariate ? [age] : [];
      const options = { eb: c.eb, parametric: c.parametric, meanOnly: c.meanOnly, covariates };
      expect(fitCombat(changed, batches, training, options)).toEqual(
        fitCombat(columns, reference.batches, training, options),
      );
    }
  });
});

describe('state and errors', () => {
  const options = { eb: true, meanOnly: false };

  it('the state is plain JSON: a round trip adjusts identically; meanOnly has δ* = 1', () => {
    const state = fitCombat(columns, reference.batches, training, options);
    const copy = JSON.parse(JSON.stringify(state)) as typeof state;
    expect(applyCombat(copy, columns, reference.batches, heldOut)).toEqual(
      applyCombat(state, columns, reference.batches, heldOut),
    );
    expect(state.batches).toEqual(['siteA', 'siteB', 'siteC']);
    expect(state.batchSizes.reduce((a, b) => a + b)).toBe(training.length);
    const meanOnly = fitCombat(columns, reference.batches, training, { meanOnly: true });
    expect(meanOnly.deltaStar.flat().every((d) => d === 1)).toBe(true);
  });

  it('named features: a subset keeps each feature’s parameters', () => {
    const state = fitCombat(columns, reference.batches, training, options);
    const named = namedCombatFeatures(
      state,
      [3, 1],
      reference.features.map((_, j) => `f${j}`),
    );
    expect(named.features).toEqual(['f3', 'f1']);
    expect(named.gammaStar[2]).toEqual([state.gammaStar[2][3], state.gammaStar[2][1]]);
    expect(named.varPooled).toEqual([state.varPooled[3], state.varPooled[1]]);
  });

  it('an unknown batch is a RangeError naming it and the known ones', () => {
    const state = fitCombat(columns, reference.batches, training, options);
    const batches = reference.batches.map((b, i) => (i === heldOut[0] ? 'siteZ' : b));
    expect(() => applyCombat(state, columns, batches, heldOut)).toThrow(
      /batch "siteZ" was not among the training batches \(siteA, siteB, siteC\)/,
    );
  });

  it('refuses what it cannot fit, naming the problem', () => {
    const one = Int32Array.from(training.filter((i) => reference.batches[i] === 'siteA'));
    expect(() => fitCombat(columns, reference.batches, one, options)).toThrow(/one batch \("siteA"\)/);
    const firstC = training.find((i) => reference.batches[i] === 'siteC')!;
    const lonely = Int32Array.from(training.filter((i) => reference.batches[i] !== 'siteC' || i === firstC));
    expect(() => fitCombat(columns, reference.batches, lonely, options)).toThrow(
      /batch "siteC" has fewer than 2 training rows/,
    );
    const allConstant = columns.map((c) => new Float64Array(c.length).fill(4));
    expect(() => fitCombat(allConstant, reference.batches, training, options)).toThrow(
      /every feature is constant within a batch/,
    );
    const nonFinite = columns.map((c, j) =>
      j === 2 ? Float64Array.from(c, (v, i) => (i === training[3] ? NaN : v)) : c,
    );
    expect(() =>
      fitCombat(nonFinite, reference.batches, training, {
        ...options,
        featureNames: columns.map((_, j) => `f${j}`),
      }),
    ).toThrow(/feature f2 has a non-finite training value/);
    expect(() => fitCombat(columns, reference.batches.slice(1), training, options)).toThrow(/batch labels/);
    expect(() => fitCombat(columns, reference.batches, Int32Array.of(0, 9999), options)).toThrow(/row 9999/);
  });
});
