import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  empiricalQuantiles,
  mapQuantile,
  QUANTILE_PROBABILITIES,
} from '../../src/harmonisation/quantileMapping.js';

// numpy reference (test/fixtures/harmonisation/make_quantile_mapping_reference.py).
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/harmonisation/quantile_mapping_reference.json', import.meta.url), 'utf8'),
) as {
  probabilities: number[];
  cases: {
    name: string;
    reference: number[];
    site: number[];
    referenceGrid: number[];
    siteGrid: number[];
    probe: number[];
    mapped: number[];
  }[];
};

describe('quantile mapping against numpy', () => {
  it('uses the fixture’s probabilities', () => {
    fixture.probabilities.forEach((p, k) => expect(QUANTILE_PROBABILITIES[k]).toBeCloseTo(p, 15));
  });
  for (const c of fixture.cases) {
    it(`${c.name}: grids match numpy.quantile and mapped values match to 1e-12`, () => {
      const referenceGrid = empiricalQuantiles(c.reference);
      const siteGrid = empiricalQuantiles(c.site);
      referenceGrid.forEach((q, k) => expect(Math.abs(q - c.referenceGrid[k])).toBeLessThan(1e-12));
      siteGrid.forEach((q, k) => expect(Math.abs(q - c.siteGrid[k])).toBeLessThan(1e-12));
      c.probe.forEach((x, i) =>
        expect(Math.abs(mapQuantile(siteGrid, referenceGrid, x) - c.mapped[i])).toBeLessThan(1e-12),
      );
    });
  }

  it('undoes a monotone scanner: the mapped site has the reference minimum, median and maximum', () => {
    // At 0, 0.5 and 1 the 43 site values' quantiles are order statistics, which map exactly.
    const c = fixture.cases[0];
    const referenceGrid = empiricalQuantiles(c.reference);
    const siteGrid = empiricalQuantiles(c.site);
    const mapped = empiricalQuantiles(c.site.map((x) => mapQuantile(siteGrid, referenceGrid, x)));
    expect(c.site).toHaveLength(43);
    for (const k of [0, 10, 20]) expect(mapped[k]).toBeCloseTo(referenceGrid[k], 12);
  });

  it('is monotone, beyond the site’s range too', () => {
    const c = fixture.cases[0];
    const referenceGrid = empiricalQuantiles(c.reference);
    const siteGrid = empiricalQuantiles(c.site);
    const xs = Array.from({ length: 400 }, (_, i) => -1 + i * 0.02);
    const ys = xs.map((x) => mapQuantile(siteGrid, referenceGrid, x));
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1]);
  });

  it('refuses no values', () => {
    expect(() => empiricalQuantiles([])).toThrow(/no values/);
  });
});
