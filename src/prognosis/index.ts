/** Public surface of the prognosis module: lesion and outcome tables, patient markers. */
export * from './lesionTable.js';
export * from './markers.js';
export { parseLesionFile, parseLesionText } from './parseLesions.js';
export { parseOutcomeFile, parseOutcomeText } from './parseOutcomes.js';
export { joinPrognosisCohort, type PrognosisCohort, type PrognosisPatient } from './prognosisCohort.js';
