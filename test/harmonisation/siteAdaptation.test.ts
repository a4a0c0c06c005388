import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harmoniseValue } from '../../src/harmonisation/harmoniseValue.js';
import {
  fitSiteEffects,
  siteAdjustment,
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
      const adjustment = siteAdjustment(reference, effects);
      expect(effects.n).toBe(columns[0].length);
      let worst = 0;
      columns.forEach((column, j) =>
        column.forEach((x, i) => {
          worst = Math.max(worst, Math.abs(harmoniseValue(adjustment, j, 0, x) - c.adjusted[j][i]));
        }),
      );
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('moves the site onto the reference: its adjusted mean is the reference mean without shrinkage', () => {
    const effects = fitSiteEffects(reference, columns, { eb: false });
    const adjustment = siteAdjustment(reference, effects);
    columns.forEach((column, j) => {
      const adjusted = Array.from(column, (x) => harmoniseValue(adjustment, j, 0, x));
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
