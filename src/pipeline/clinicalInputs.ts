/**
 * Clinical inputs a task can use, as columns over all patients. ER/PR come straight from the cohort;
 * the heterogeneity index HI = SUVmax / SUVmean (the FDG-uptake heterogeneity study on
 * trastuzumab + pertuzumab) is derived when both SUV columns are present.
 */
import type { ClinicalColumn, Cohort } from '../cohort/cohort.js';
import { HETEROGENEITY_INDEX, heterogeneityIndex } from '../inputs/derivedInputs.js';
import { TrainingInputError } from './errors.js';

export { HETEROGENEITY_INDEX, rawClinicalColumns } from '../inputs/derivedInputs.js';

export function clinicalColumn(cohort: Cohort, input: string): Float64Array {
  if (input === HETEROGENEITY_INDEX) {
    const max = cohort.clinical.suv_max;
    const mean = cohort.clinical.suv_mean;
    if (!max || !mean)
      throw new TrainingInputError(`${cohort.source}: HI needs the suv_max and suv_mean columns`);
    return Float64Array.from(max, (v, i) => heterogeneityIndex(v, mean[i]));
  }
  const column = cohort.clinical[input as ClinicalColumn];
  if (!column) {
    throw new TrainingInputError(`${cohort.source}: the configured clinical input "${input}" has no column`);
  }
  return column;
}

/** Throws naming the first patient whose value of a required clinical input is missing. */
export function assertClinicalComplete(
  cohort: Cohort,
  input: string,
  column: Float64Array,
  rows: Int32Array,
): void {
  for (const i of rows) {
    if (!Number.isFinite(column[i])) {
      const where = `${cohort.source}: row ${i + 1}`;
      throw new TrainingInputError(
        `${where}, patient ${cohort.patientIds[i]} has no value for clinical input "${input}"`,
        `${where} has no value for clinical input "${input}"`,
      );
    }
  }
}
