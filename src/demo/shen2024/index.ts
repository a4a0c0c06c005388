/** The SYNTHETIC MRI demo study (Shen et al. 2025): generation (pure), CSV formatting, file writer, ground truth. */
export { generateMriCohort, MRI_DEMO_SEED } from './generateMriCohort.js';
export type { MriCohort, MriCohortOptions, MriPatient, MriReading, MriTruth } from './generateMriCohort.js';
export { formatMriCohortCsv, MRI_CLINICAL_COLUMNS, MRI_TRUTH_COLUMNS } from './mriCohortCsv.js';
export { categoricalLevels } from './mriDescriptors.js';
export { MRI_FILE_NAMES, writeMriCohort } from './writeMriCohort.js';
export type { WrittenMriCohort } from './writeMriCohort.js';
export { SHEN2024_MARGINALS } from './shen2024Marginals.js';
