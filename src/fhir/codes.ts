/**
 * Code systems and codes the FHIR interface reads and writes: LOINC for receptor and HER2 results,
 * SNOMED CT for positive / negative, UCUM for units, and the service's own canonical URLs (its
 * CodeSystems, OperationDefinitions and the model as a method). One place, so the FHIR routes and the
 * CDS Hooks service speak the same codes.
 */

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';

/** LOINC codes of the receptor results a prediction needs. */
export const LOINC_ER = '16112-5'; // Estrogen receptor [Interpretation] in Tissue
export const LOINC_PR = '16113-3'; // Progesterone receptor [Interpretation] in Tissue
/** LOINC codes of the HER2 results a training Bundle carries (the label). */
export const LOINC_HER2_IHC = '18474-7'; // HER2 Ag [Presence] in Tissue by Immune stain
export const LOINC_HER2_ISH = '48676-1'; // HER2 [Interpretation] in Tissue (ISH / FISH)
/** Age at the time of the imaging, in years (UCUM `a`). */
export const LOINC_AGE = '30525-0';

export const SNOMED_POSITIVE = '10828004';
export const SNOMED_NEGATIVE = '260385009';

/**
 * Canonical base of the service's own definitions. A fixed URI, not the deployment's address: the
 * codes mean the same wherever the service runs (a canonical URL identifies, it need not resolve).
 */
export const CANONICAL_BASE = 'http://her2-radiomics.example.org/fhir';

/** CodeSystem of the inputs without a LOINC code: radiomic features, SUVmax / SUVmean, Ki-67. */
export const FEATURE_CODE_SYSTEM_ID = 'her2-radiomics-inputs';
export const FEATURE_SYSTEM = `${CANONICAL_BASE}/CodeSystem/${FEATURE_CODE_SYSTEM_ID}`;
/** CodeSystem of the predicted outcomes: the three HER2 statuses and the model's tasks. */
export const OUTCOME_CODE_SYSTEM_ID = 'her2-prediction-outcomes';
export const OUTCOME_SYSTEM = `${CANONICAL_BASE}/CodeSystem/${OUTCOME_CODE_SYSTEM_ID}`;
/** Identifier system of model ids (sha256 of the artifact): RiskAssessment.method, Device.identifier. */
export const MODEL_ID_SYSTEM = `${CANONICAL_BASE}/model-id`;

/** AI Transparency on FHIR: the security label saying a resource was asserted by AI. */
export const V3_OBSERVATION_VALUE = 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue';
export const AI_ASSERTED = 'AIAST';

/** Observation statuses whose value may be used (a cancelled or retracted result is skipped). */
export const USABLE_OBSERVATION_STATUSES: ReadonlySet<string> = new Set([
  'final',
  'amended',
  'corrected',
  'preliminary',
]);
