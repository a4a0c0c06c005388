/**
 * Whether a cohort can be split into training and internal validation at all: stratified splitting
 * and one-vs-rest training need at least two patients of every HER2 class among the rows that are
 * not held out as external. Which rows are external depends on the run's choice of external sites,
 * so this is checked separately from parsing.
 */
import { HER2_STATUSES, type Cohort, type Her2Status } from './cohort.js';
import { CohortError } from './errors.js';

export const MIN_PATIENTS_PER_CLASS = 2;

/** Rows held out as external: a site listed in externalSites, or `set` = external. */
export function isExternalRow(cohort: Cohort, row: number, externalSites: ReadonlySet<string>): boolean {
  return externalSites.has(cohort.sites[row]) || cohort.sets?.[row] === 'external';
}

export function assertSplittable(cohort: Cohort, externalSites: readonly string[]): void {
  const knownSites = new Set(cohort.sites);
  const unknown = externalSites.find((site) => !knownSites.has(site));
  if (unknown !== undefined) {
    throw new CohortError(
      `external site "${unknown}" does not occur in the cohort (sites: ${[...knownSites].join(', ')})`,
      { file: cohort.source, column: 'site' },
    );
  }
  const external = new Set(externalSites);
  const counts: Record<Her2Status, number> = { over: 0, low: 0, zero: 0 };
  cohort.labels.forEach((label, row) => {
    if (!isExternalRow(cohort, row, external)) counts[label]++;
  });
  const tooSmall = HER2_STATUSES.find((status) => counts[status] < MIN_PATIENTS_PER_CLASS);
  if (tooSmall !== undefined) {
    const where = externalSites.length > 0 ? ` outside the external sites (${externalSites.join(', ')})` : '';
    throw new CohortError(
      `HER2 class "${tooSmall}" has ${counts[tooSmall]} patient(s)${where}; at least ${MIN_PATIENTS_PER_CLASS} are needed to split into training and validation`,
      { file: cohort.source, column: 'her2_status' },
    );
  }
}
