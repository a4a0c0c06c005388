/**
 * The one CDS service, `her2-status`, as discovery describes it: invoked on `patient-view`, it asks
 * the EHR to prefetch the patient's receptor results (LOINC) and the Observations coded in the
 * service's input CodeSystem (radiomic features, SUVmax / SUVmean, Ki-67), one search each.
 *
 * Only `patient-view`: the estimate concerns the patient, not an order; an `order-select` service
 * (warning when an anti-HER2 drug is ordered against the estimate) would need the drug codes and a
 * clinical rule this service does not own.
 */
import { FEATURE_SYSTEM, LOINC } from '../fhir/codes.js';
import { CLINICAL_INPUT_CODES } from '../fhir/featureCodeSystem.js';
import type { Her2Model } from '../model/her2Model.js';
import type { CdsServiceDefinition } from './cdsTypes.js';

export const HER2_STATUS_SERVICE_ID = 'her2-status';
export const HER2_STATUS_HOOKS = ['patient-view'] as const;

/** Results per prefetch search: one page must hold them all (the spec allows no paging in prefetch). */
const PREFETCH_COUNT = 1000;

const PATIENT_TOKEN = '{{context.patientId}}';

/** The LOINC-coded clinical inputs the model needs (ER, PR; age when used); ER and PR without a model. */
function loincInputs(model: Pick<Her2Model, 'requiredClinical'> | null): string[] {
  const needed = new Set(model ? model.requiredClinical : ['er', 'pr']);
  return CLINICAL_INPUT_CODES.filter((c) => c.system === LOINC && needed.has(c.name)).map(
    (c) => `${c.system}|${c.code}`,
  );
}

/**
 * Prefetch templates by key. `radiomics` asks for every Observation in the input CodeSystem (a token
 * search on the system alone), which covers the features, SUV and Ki-67 whatever model is active.
 */
export function her2StatusPrefetch(
  model: Pick<Her2Model, 'requiredClinical'> | null,
): Record<string, string> {
  const observations = (code: string) =>
    `Observation?patient=${PATIENT_TOKEN}&code=${code}&_count=${PREFETCH_COUNT}`;
  const loinc = loincInputs(model);
  return {
    ...(loinc.length > 0 ? { receptors: observations(loinc.join(',')) } : {}),
    radiomics: observations(`${FEATURE_SYSTEM}|`),
  };
}

/** The prefetch templates with the patient filled in: the FHIR searches the service runs itself. */
export function her2StatusQueries(
  templates: Record<string, string>,
  patientId: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates))
    out[key] = template.split(PATIENT_TOKEN).join(encodeURIComponent(patientId));
  return out;
}

export function her2StatusDefinition(
  model: Pick<Her2Model, 'requiredClinical'> | null,
): CdsServiceDefinition {
  return {
    hook: HER2_STATUS_HOOKS[0],
    title: 'HER2 expression status from PET/CT radiomics',
    description:
      'Estimates the probabilities of HER2-over, HER2-low and HER2-zero for a breast cancer from PET/CT radiomic ' +
      'features of the index lesion and ER/PR status, and offers the estimate as a RiskAssessment. Research use ' +
      'only; not a medical device; HER2 status must be established by IHC / ISH.',
    id: HER2_STATUS_SERVICE_ID,
    prefetch: her2StatusPrefetch(model),
    usageRequirements:
      'Needs the Observations of the prefetch (or a fhirServer on the service allowlist with an access token ' +
      'granting patient/Observation.read). Calls are authenticated by a JWT signed by an allowlisted issuer.',
  };
}
