/**
 * A patient input (the REST prediction format) written as the FHIR Observations the CDS service reads:
 * ER / PR in LOINC with SNOMED CT positive / negative (read with the cohort's rule: >= 1% positive), every
 * other clinical input as a UCUM quantity in its code, the radiomic features as components of one panel
 * in the service's input CodeSystem; and a searchset Bundle of them, as an EHR answers a prefetch.
 * For examples, the benchmark and tests: an EHR builds these from its own records.
 */
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { FEATURE_SYSTEM, LOINC, SNOMED, SNOMED_NEGATIVE, SNOMED_POSITIVE, UCUM } from '../fhir/codes.js';
import { CLINICAL_INPUT_CODES } from '../fhir/featureCodeSystem.js';
import { coerceReceptorStatus } from '../model/clinicalValue.js';
import type { PatientInput } from '../model/her2Model.js';

export function receptorObservation(
  id: string,
  patientId: string,
  loinc: string,
  positive: boolean,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: `Patient/${patientId}` },
    valueCodeableConcept: {
      coding: [{ system: SNOMED, code: positive ? SNOMED_POSITIVE : SNOMED_NEGATIVE }],
    },
  };
}

/** The Observations of `input`, split as the prefetch keys ask for them (LOINC-coded, and the rest). */
export function observationsOf(
  input: PatientInput,
  patientId: string,
): { receptors: Observation[]; radiomics: Observation[] } {
  const receptors: Observation[] = [];
  const radiomics: Observation[] = [];
  for (const [name, value] of Object.entries(input.clinical)) {
    const code = CLINICAL_INPUT_CODES.find((c) => c.name === name);
    if (!code) throw new Error(`no FHIR code for clinical input ${name}`);
    if (name === 'er' || name === 'pr') {
      const status = coerceReceptorStatus(value);
      if (!status.ok) throw new Error(`${name} of patient ${input.id}: ${status.reason}`);
      receptors.push(receptorObservation(`${name}-${patientId}`, patientId, code.code, status.value === 1));
      continue;
    }
    const obs: Observation = {
      resourceType: 'Observation',
      id: `${name}-${patientId}`,
      status: 'final',
      code: { coding: [{ system: code.system, code: code.code }] },
      subject: { reference: `Patient/${patientId}` },
      valueQuantity: { value: Number(value), system: UCUM, code: code.units[0], unit: code.units[0] },
    };
    (code.system === LOINC ? receptors : radiomics).push(obs);
  }
  radiomics.push({
    resourceType: 'Observation',
    id: `radiomics-${patientId}`,
    status: 'final',
    code: { text: 'PET/CT radiomic features of the index lesion' },
    subject: { reference: `Patient/${patientId}` },
    component: Object.entries(input.features).map(([name, value]) => ({
      code: { coding: [{ system: FEATURE_SYSTEM, code: name }] },
      valueQuantity: { value: Number(value) },
    })),
  });
  return { receptors, radiomics };
}

export function searchset(resources: Observation[], fullUrlBase = 'http://fhir.example/'): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ fullUrl: `${fullUrlBase}Observation/${resource.id}`, resource })),
  };
}
