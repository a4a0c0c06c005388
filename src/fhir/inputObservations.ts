/**
 * The reverse of observationsToInput: one patient's model inputs as FHIR Observations (ER / PR coded
 * in SNOMED CT, numbers as UCUM quantities, radiomic features one per Observation or as components of
 * one panel). Writes the example Bundles and lets tests and a FHIR stub serve a demo patient.
 */
import type {
  Bundle,
  Observation,
  ObservationComponent,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { PatientInput } from '../model/her2Model.js';
import { FEATURE_SYSTEM, SNOMED, SNOMED_NEGATIVE, SNOMED_POSITIVE, UCUM } from './codes.js';
import { CLINICAL_INPUT_CODES, PANEL_CODE, inputCoding } from './featureCodeSystem.js';

export interface InputObservationOptions {
  subject: Reference<Patient>;
  /** Radiomic features as components of one panel Observation (default), or one Observation each. */
  panel?: boolean;
  /** Prefix of the Observations' ids (default none: the resources carry no id). */
  idPrefix?: string;
  /** effectiveDateTime of every Observation. */
  effective?: string;
}

type ValueFields = Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueString'>;

function clinicalValue(name: string, value: number | string): ValueFields {
  if (name === 'er' || name === 'pr') {
    if (typeof value === 'number') return { valueQuantity: { value, unit: '%', system: UCUM, code: '%' } };
    const positive = value.trim().toLowerCase().startsWith('pos') || value.trim() === '+';
    return {
      valueCodeableConcept: {
        coding: [
          {
            system: SNOMED,
            code: positive ? SNOMED_POSITIVE : SNOMED_NEGATIVE,
            display: positive ? 'Positive' : 'Negative',
          },
        ],
      },
    };
  }
  const unit = CLINICAL_INPUT_CODES.find((c) => c.name === name)?.units[0] ?? '1';
  return { valueQuantity: { value: Number(value), unit, system: UCUM, code: unit } };
}

function featureValue(value: number | string): ValueFields {
  return typeof value === 'number' ? { valueQuantity: { value } } : { valueString: value };
}

export function inputObservations(input: PatientInput, options: InputObservationOptions): Observation[] {
  let n = 0;
  const base = (): Pick<Observation, 'resourceType' | 'status' | 'subject' | 'id' | 'effectiveDateTime'> => ({
    resourceType: 'Observation',
    ...(options.idPrefix ? { id: `${options.idPrefix}-${++n}` } : {}),
    status: 'final',
    subject: options.subject,
    ...(options.effective ? { effectiveDateTime: options.effective } : {}),
  });
  const out: Observation[] = Object.entries(input.clinical).map(([name, value]) => ({
    ...base(),
    code: { coding: [inputCoding(name)] },
    ...clinicalValue(name, value),
  }));
  const features = Object.entries(input.features);
  if (options.panel === false) {
    for (const [name, value] of features)
      out.push({ ...base(), code: { coding: [inputCoding(name)] }, ...featureValue(value) });
  } else if (features.length > 0) {
    const component: ObservationComponent[] = features.map(([name, value]) => ({
      code: { coding: [inputCoding(name)] },
      ...featureValue(value),
    }));
    out.push({
      ...base(),
      code: {
        coding: [
          {
            system: FEATURE_SYSTEM,
            code: PANEL_CODE,
            display: 'Radiomic features of the index lesion',
          },
        ],
      },
      component,
    });
  }
  return out;
}

/** A Bundle of type collection holding the resources, each with a urn:uuid fullUrl built from `uuidPrefix`. */
export function collectionBundle(
  resources: readonly Resource[],
  uuidPrefix = '00000000-0000-4000-8000',
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource, i) => ({
      fullUrl: `urn:uuid:${uuidPrefix}-${String(i + 1).padStart(12, '0')}`,
      resource,
    })),
  };
}
