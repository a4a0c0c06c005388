/**
 * Inputs derived from other inputs, computed by this one function at training (column by column) and
 * at serving (patient by patient): the FDG heterogeneity index HI = SUVmax / SUVmean (the
 * heterogeneity-index study of trastuzumab + pertuzumab), from the suv_max and suv_mean columns.
 */
import type { ClinicalColumn } from '../cohort/cohort.js';

export const HETEROGENEITY_INDEX = 'heterogeneity_index';

/** HI = SUVmax / SUVmean; NaN when either is missing or SUVmean is not positive. */
export function heterogeneityIndex(suvMax: number, suvMean: number): number {
  return suvMean > 0 && Number.isFinite(suvMax) ? suvMax / suvMean : NaN;
}

/** Raw cohort columns an input is computed from. */
export function rawClinicalColumns(input: string): ClinicalColumn[] {
  return input === HETEROGENEITY_INDEX ? ['suv_max', 'suv_mean'] : [input as ClinicalColumn];
}
