/** The synthetic demo cohort: generation (pure), CSV formatting, file writer, ground truth. */
export { DEMO_SEED, generateDemoCohort } from './generateDemoCohort.js';
export type { DemoCohort, DemoTruth } from './generateDemoCohort.js';
export type { DemoPatient, DemoSite } from './demoPatients.js';
export { COHORT_LEADING_COLUMNS, formatDemoCohortCsv } from './demoCohortCsv.js';
export { DEMO_FILE_NAMES, writeDemoCohort } from './writeDemoCohort.js';
export type { WrittenDemoCohort } from './writeDemoCohort.js';
export { demoAsCohort, demoRepeatMeasurements } from './demoAsCohort.js';
export { HOU2025_MARGINALS } from './hou2025Marginals.js';
