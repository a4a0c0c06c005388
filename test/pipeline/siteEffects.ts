/** Test cohorts from several scanners: the synthetic cohort with a per-site location and scale on every feature. */
import type { SyntheticCohort, SyntheticSite } from './syntheticCohort.js';
import { mulberry32, syntheticCohort } from './syntheticCohort.js';

/** Two development sites and an external one. */
export const THREE_SITES: SyntheticSite[] = [
  { name: 'siteA', counts: { over: 30, low: 36, zero: 24 }, role: 'development' },
  { name: 'siteC', counts: { over: 24, low: 30, zero: 20 }, role: 'development' },
  { name: 'siteB', counts: { over: 15, low: 20, zero: 15 }, role: 'external' },
];

/**
 * The synthetic cohort over THREE_SITES whose every feature value (and its repeat readings, so
 * reliability is unchanged) of site s is scale_s·x + shift_s, drawn per site and feature from the seed.
 */
export function multiSiteCohort(seed: number): SyntheticCohort {
  const data = syntheticCohort({ seed, setColumn: true, sites: THREE_SITES });
  const uniform = mulberry32(seed + 1000);
  const effects = new Map(
    THREE_SITES.map((site) => [
      site.name,
      data.cohort.featureNames.map(() => ({ shift: 4 * (uniform() - 0.5), scale: 0.6 + uniform() })),
    ]),
  );
  const sites = data.cohort.sites;
  for (const columns of [data.cohort.features, data.inter.features, data.intra.features]) {
    columns.forEach((column, j) => {
      for (let i = 0; i < column.length; i++) {
        const { shift, scale } = effects.get(sites[i])![j];
        column[i] = scale * column[i] + shift;
      }
    });
  }
  return data;
}
