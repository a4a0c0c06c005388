/** Public surface of the cohort module. */
export * from './cohort.js';
export { CohortError, type CohortErrorLocation } from './errors.js';
export { parseCohortFile, parseCohortText, type CohortParseOptions } from './parseCohort.js';
export type { MissingPolicy } from './tableAssembler.js';
export { parseRepeatFile, parseRepeatText, alignRepeat } from './repeatMeasurement.js';
export { assertSplittable, isExternalRow, MIN_PATIENTS_PER_CLASS } from './splittable.js';
export { her2StatusFromIhc, type IhcScore, type FishResult, type Her2Derivation } from './her2Label.js';
export { receptorStatusFromCell } from './clinical.js';
export { formatCsvRow } from './csvWriter.js';
export { sha256File, sha256Hex } from '../io/sha256.js';
