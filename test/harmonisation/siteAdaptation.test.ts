import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { empiricalQuantiles, mapQuantile } from '../../src/harmonisation/quantileMapping.js';
import {
  fitSiteEffects,
  siteValueMap,
  type ReferenceFeature,
} from '../../src/harmonisation/siteAdaptation.js';

interface Reference {
  train: number[][];
  site: number[][];
  cases: { eb: boolean; meanOnly: boolean; adjusted: number[][] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/harmonisation/site_adaptation_reference.json', import.meta.url), 'utf8'),
) as Reference;

/** The reference as a model artifact records it: training mean and std (n − 1), rescaled to divisor n. */
function referenceOf(train: number[][]): ReferenceFeature[] {
  return train.map((row) => {
    const n = row.length;
    const mean = row.reduce((s, x) => s + x, 0) / n;
    const std = Math.sqrt(row.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    return { mean, variance: (std * std * (n - 1)) / n };
  });
}

describe('site adaptation against sva::ComBat(ref.batch)', () => {
  const reference = referenceOf(fixture.train);
  const columns = fixture.site.map((row) => Float64Array.from(row));
  for (const c of fixture.cases) {
    it(`eb ${c.eb}, meanOnly ${c.meanOnly}: the new site's values match sva to 1e-6`, () => {
      const effects = fitSiteEffects(reference, columns, { eb: c.eb, meanOnly: c.meanOnly });
      const map = siteValueMap(reference, effects);
      expect(effects.n).toBe(columns[0].length);
      let worst = 0;
      columns.forEach((column, j) =>
        column.forEach((x, i) => {
          worst = Math.max(worst, Math.abs(map(j, x) - c.adjusted[j][i]));
        }),
      );
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('moves the site onto the reference: its adjusted mean is the reference mean without shrinkage', () => {
    const effects = fitSiteEffects(reference, columns, { eb: false });
    const map = siteValueMap(reference, effects);
    columns.forEach((column, j) => {
      const adjusted = Array.from(column, (x) => map(j, x));
      const m = adjusted.reduce((s, x) => s + x, 0) / adjusted.length;
      expect(m).toBeCloseTo(reference[j].mean, 9);
    });
  });

  it('names what is wrong', () => {
    expect(() => fitSiteEffects(reference, columns.slice(1))).toThrow(/8 feature columns for 9 reference/);
    expect(() =>
      fitSiteEffects(
        reference,
        columns.map((c) => c.slice(0, 1)),
      ),
    ).toThrow(/1 patients; at least 2/);
    const withNaN = columns.map((c) => Float64Array.from(c));
    withNaN[2][3] = Number.NaN;
    expect(() =>
      fitSiteEffects(reference, withNaN, { featureNames: fixture.train.map((_, j) => `f${j}`) }),
    ).toThrow(/feature f2 has a non-finite value/);
    const constant = columns.map((c, j) => (j === 4 ? new Float64Array(c.length).fill(1) : c));
    expect(() => fitSiteEffects(reference, constant)).toThrow(/feature #4 is constant at the site/);
  });
});

describe('site adaptation by quantile mapping', () => {
  const reference = referenceOf(fixture.train).map((r, j) => ({
    ...r,
    quantiles: empiricalQuantiles(fixture.train[j]),
  }));
  const columns = fixture.site.map((row) => Float64Array.from(row));

  it("stores the site's quantiles and maps each value by them onto the reference's (quantileMapping.ts, numpy-checked)", () => {
    const effects = fitSiteEffects(reference, columns, { method: 'quantile' });
    expect(effects).toMatchObject({ method: 'quantile', n: columns[0].length });
    if (effects.method !== 'quantile') throw new Error('unreachable');
    const map = siteValueMap(reference, effects);
    columns.forEach((column, j) => {
      expect(effects.quantiles[j]).toEqual(empiricalQuantiles(column));
      column.forEach((x) =>
        expect(map(j, x)).toBe(mapQuantile(effects.quantiles[j], reference[j].quantiles, x)),
      );
    });
  });

  it('reads no order: permuted patients give the same quantiles', () => {
    const permuted = columns.map((c) => Float64Array.from(c).reverse());
    expect(fitSiteEffects(reference, permuted, { method: 'quantile' })).toEqual(
      fitSiteEffects(reference, columns, { method: 'quantile' }),
    );
  });

  it('names what is wrong: no reference quantiles, a constant feature, a non-finite value', () => {
    const bare = referenceOf(fixture.train);
    expect(() => fitSiteEffects(bare, columns, { method: 'quantile' })).toThrow(
      /feature #0 has no reference quantiles/,
    );
    const constant = columns.map((c, j) => (j === 4 ? new Float64Array(c.length).fill(1) : c));
    expect(() => fitSiteEffects(reference, constant, { method: 'quantile' })).toThrow(
      /feature #4 is constant at the site/,
    );
    const withNaN = columns.map((c) => Float64Array.from(c));
    withNaN[1][0] = Number.NaN;
    expect(() => fitSiteEffects(reference, withNaN, { method: 'quantile' })).toThrow(
      /feature #1 has a non-finite value/,
    );
  });
});
