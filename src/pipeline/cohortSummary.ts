/** The cohort table per set and class (the paper's Tables 1-2), stored in the artifact for the report. */
import { HER2_STATUSES, type Cohort, type SetName } from '../cohort/cohort.js';
import type { CohortSummaryCell, ModelArtifact } from '../model/artifact.js';

function meanSd(values: number[]): { mean: number; sd: number } | undefined {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance =
    finite.length > 1 ? finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (finite.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

export function summariseCohort(
  cohort: Cohort,
  sets: Record<SetName, Int32Array>,
): ModelArtifact['cohortSummary'] {
  const summary = { training: {}, validation: {}, external: {} } as ModelArtifact['cohortSummary'];
  const { age, suv_max, suv_mean, er, pr, ki67 } = cohort.clinical;
  for (const [set, rows] of Object.entries(sets) as [SetName, Int32Array][]) {
    for (const status of HER2_STATUSES) {
      const members = Array.from(rows).filter((i) => cohort.labels[i] === status);
      if (members.length === 0) continue;
      const values = (column?: Float64Array) => (column ? members.map((i) => column[i]) : []);
      const count = (column: Float64Array | undefined, positive: (v: number) => boolean) =>
        column ? members.filter((i) => positive(column[i])).length : undefined;
      const cell: CohortSummaryCell = {
        n: members.length,
        age: meanSd(values(age)),
        suvMax: meanSd(values(suv_max)),
        suvMean: meanSd(values(suv_mean)),
        erPositive: count(er, (v) => v === 1),
        prPositive: count(pr, (v) => v === 1),
        // Ki-67 >= 14% counts as high, as in the paper.
        ki67High: count(ki67, (v) => v >= 14),
      };
      summary[set][status] = cell;
    }
  }
  return summary;
}
