/**
 * The selectors against independent computations: the univariate selector's p-values and selection
 * against scipy, the PCA selector's components against scikit-learn (StandardScaler + PCA), the
 * lasso selector against a refit at its recorded penalty, and welch-mrmr's filter against scipy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SELECTOR_SPECS } from '../../src/featureSelection/index.js';
import { lassoLogisticFit } from '../../src/featureSelection/lassoLogistic.js';
import type { SelectionCandidate, SelectorOptions } from '../../src/featureSelection/selector.js';
import { projectInto } from '../../src/inputs/projection.js';

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/featureSelection/selector_reference.json', import.meta.url), 'utf8'),
) as {
  labels: number[];
  training: number[];
  continuous: number[][];
  categorical: number[][];
  pValues: Record<'mann-whitney' | 'welch', number[]>;
  pcaScores: Record<string, number[][]>;
};

const candidates: SelectionCandidate[] = [
  ...reference.continuous.map((values, j) => ({
    name: `dwi_f${j}`,
    kind: 'continuous' as const,
    values: Float64Array.from(values),
  })),
  ...reference.categorical.map((codes, j) => ({
    name: `mri_c${j}`,
    kind: 'categorical' as const,
    values: Float64Array.from(codes),
    levels: Math.max(...codes) === 2 ? ['a', 'b', 'c'] : ['a', 'b'],
  })),
];
const labels = Uint8Array.from(reference.labels);
const trainingRows = Int32Array.from(reference.training);
const options = (over: Partial<SelectorOptions> = {}): SelectorOptions => ({
  pThreshold: 0.1,
  univariateTest: 'mann-whitney',
  mrmrK: 3,
  mrmrCriterion: 'MID',
  mrmrBins: 10,
  cvFolds: 5,
  ...over,
});
const fit = (kind: keyof typeof SELECTOR_SPECS, over: Partial<SelectorOptions> = {}) =>
  SELECTOR_SPECS[kind].fit({ candidates, labels, trainingRows, options: options(over), seed: 3 });

describe.each(['mann-whitney', 'welch'] as const)('univariate selector (%s)', (test) => {
  it("selects exactly the candidates scipy gives p < 0.1, ordered by p, with scipy's p-values", () => {
    const selection = fit('univariate', { univariateTest: test });
    const p = reference.pValues[test];
    const expected = candidates
      .map((c, j) => ({ name: c.name, p: p[j] }))
      .filter((c) => c.p < 0.1)
      .sort((a, b) => a.p - b.p);
    expect(selection.selected.map((j) => candidates[j].name)).toEqual(expected.map((c) => c.name));
    for (const { name, p: pValue } of expected) expect(selection.scores[name]).toBeCloseTo(pValue, 10);
    expect(selection.passedFilter).toBe(expected.length);
  });
});

describe('welch-mrmr selector', () => {
  it('ranks by mRMR only the candidates whose scipy Welch / chi-square / Fisher p passes', () => {
    const selection = fit('welch-mrmr', { univariateTest: 'welch', pThreshold: 0.05 });
    const passing = candidates.filter((_, j) => reference.pValues.welch[j] < 0.05).map((c) => c.name);
    expect(selection.passedFilter).toBe(passing.length);
    expect(selection.selected).toHaveLength(3);
    for (const j of selection.selected) expect(passing).toContain(candidates[j].name);
  });
});

describe('location-scale selector', () => {
  // min(1, 2·min(Welch p, Brown–Forsythe p)) from scipy (test/fixtures/stats/make_brown_forsythe_reference.py).
  const expectedP = (
    JSON.parse(
      readFileSync(new URL('../fixtures/stats/brown_forsythe_reference.json', import.meta.url), 'utf8'),
    ) as { locationScaleP: number[] }
  ).locationScaleP;

  it("keeps the k candidates with scipy's smallest location-or-spread p, in that order", () => {
    const selection = fit('location-scale', { mrmrK: 4, pThreshold: 0.1 });
    const expected = candidates
      .map((c, j) => ({ name: c.name, p: expectedP[j] }))
      .sort((a, b) => a.p - b.p)
      .slice(0, 4);
    expect(selection.selected.map((j) => candidates[j].name)).toEqual(expected.map((c) => c.name));
    for (const { name, p } of expected) expect(selection.scores[name]).toBeCloseTo(p, 9);
    expect(selection.passedFilter).toBe(expectedP.filter((p) => p < 0.1).length);
  });
});

describe('lasso selector', () => {
  it('selects the candidates with a nonzero coefficient at its recorded penalty (a categorical one by any dummy)', () => {
    const selection = fit('lasso');
    const lambda = Number(selection.details.lambda);
    // Refit independently at that penalty on the same z-scored design.
    const design: { owner: number; values: Float64Array }[] = [];
    candidates.forEach((c, j) => {
      if (c.kind === 'continuous') design.push({ owner: j, values: c.values });
      else
        for (let k = 1; k < c.levels!.length; k++)
          design.push({ owner: j, values: c.values.map((v) => (v === k ? 1 : 0)) });
    });
    const zscored = design.map(({ values }) => {
      const train = Array.from(trainingRows, (i) => values[i]);
      const mean = train.reduce((s, v) => s + v, 0) / train.length;
      const sd = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / train.length) || 1;
      return values.map((v) => (v - mean) / sd);
    });
    const refit = lassoLogisticFit(zscored, trainingRows, labels, lambda);
    const nonzero = new Set(
      design.filter((_, d) => refit.coefficients[d] !== 0).map((d) => candidates[d.owner].name),
    );
    expect(new Set(selection.selected.map((j) => candidates[j].name))).toEqual(nonzero);
    expect(nonzero.size).toBeGreaterThan(0);
    expect(nonzero).toContain('dwi_f4'); // the strongest shift
  });
});

describe('pca selector', () => {
  it("projects every patient onto scikit-learn's components of the z-scored training rows", () => {
    const selection = fit('pca');
    const projection = selection.projection!;
    const k = projection.outputs.length;
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThanOrEqual(6);
    const expected = reference.pcaScores[String(k)];
    const out = new Float64Array(k);
    for (let i = 0; i < reference.labels.length; i++) {
      projectInto(
        projection,
        reference.continuous.map((c) => c[i]),
        out,
      );
      for (let c = 0; c < k; c++) expect(out[c]).toBeCloseTo(expected[c][i], 9);
    }
    // Categorical candidates are not projected.
    expect(projection.inputs).toEqual(reference.continuous.map((_, j) => `dwi_f${j}`));
  });

  it('is reproducible from the seed', () => {
    expect(fit('pca')).toEqual(fit('pca'));
  });
});
