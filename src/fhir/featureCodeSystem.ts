/**
 * The CodeSystem the service publishes for the model inputs LOINC does not cover: every radiomic
 * feature (code = the cohort column name, i.e. modality prefix + PyRadiomics feature name, such as
 * `pet_wavelet-LLL_firstorder_Skewness`) and the clinical inputs SUVmax, SUVmean and Ki-67. ER, PR and
 * age use LOINC. The grammar is open (any PyRadiomics name after a modality prefix), so the published
 * resource is a `fragment`: it lists the clinical codes and the features the served model uses.
 */
import type { CodeSystem, CodeSystemConcept, Coding } from '@medplum/fhirtypes';
import { DEFAULT_MODALITIES } from '../cohort/columns.js';
import {
  FEATURE_CODE_SYSTEM_ID,
  FEATURE_SYSTEM,
  LOINC,
  LOINC_AGE,
  LOINC_ER,
  LOINC_PR,
  UCUM,
} from './codes.js';

/** A clinical input of the cohort format and how it is coded in FHIR. */
export interface ClinicalInputCode {
  /** Name in the cohort format and in PatientInput.clinical. */
  name: string;
  system: string;
  code: string;
  display: string;
  /** UCUM codes a valueQuantity may carry (none: a coded value, ER / PR positive or negative). */
  units: readonly string[];
}

export const CLINICAL_INPUT_CODES: readonly ClinicalInputCode[] = [
  { name: 'er', system: LOINC, code: LOINC_ER, display: 'Estrogen receptor status', units: ['%'] },
  { name: 'pr', system: LOINC, code: LOINC_PR, display: 'Progesterone receptor status', units: ['%'] },
  { name: 'age', system: LOINC, code: LOINC_AGE, display: 'Age', units: ['a'] },
  {
    name: 'suv_max',
    system: FEATURE_SYSTEM,
    code: 'suv_max',
    display: 'SUVmax of the index lesion (FDG PET)',
    units: ['{SUV}', 'g/mL'],
  },
  {
    name: 'suv_mean',
    system: FEATURE_SYSTEM,
    code: 'suv_mean',
    display: 'SUVmean of the index lesion (FDG PET)',
    units: ['{SUV}', 'g/mL'],
  },
  { name: 'ki67', system: FEATURE_SYSTEM, code: 'ki67', display: 'Ki-67 index', units: ['%'] },
];

const CLINICAL_BY_NAME = new Map(CLINICAL_INPUT_CODES.map((c) => [c.name, c]));
const CLINICAL_BY_CODING = new Map(CLINICAL_INPUT_CODES.map((c) => [`${c.system}|${c.code}`, c]));

/** Code of a panel Observation whose components are the features (its own code carries no value). */
export const PANEL_CODE = 'radiomics-panel';

const FEATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The modality prefix of a feature code (`pet_`), or undefined when the code is not a feature code. */
export function featureModality(
  code: string,
  modalities: readonly string[] = DEFAULT_MODALITIES,
): string | undefined {
  if (!FEATURE_NAME.test(code)) return undefined;
  return modalities.find((m) => code.startsWith(m) && code.length > m.length);
}

/** The clinical input a coding denotes (LOINC ER / PR / age, or the service's SUV / Ki-67 codes). */
export function clinicalInputOf(coding: Coding): ClinicalInputCode | undefined {
  return CLINICAL_BY_CODING.get(`${coding.system}|${coding.code}`);
}

/** The coding of a model input by its name: clinical inputs as listed above, features in FEATURE_SYSTEM. */
export function inputCoding(name: string): Coding {
  const clinical = CLINICAL_BY_NAME.get(name);
  if (clinical) return { system: clinical.system, code: clinical.code, display: clinical.display };
  return { system: FEATURE_SYSTEM, code: name };
}

/** A human-readable name of a model input, with its code: what a CDS card lists as missing. */
export function describeInput(name: string): string {
  const clinical = CLINICAL_BY_NAME.get(name);
  if (clinical) {
    const systemName = clinical.system === LOINC ? 'LOINC' : FEATURE_CODE_SYSTEM_ID;
    return `${clinical.display} (${systemName} ${clinical.code})`;
  }
  return `radiomic feature ${name} (${FEATURE_CODE_SYSTEM_ID})`;
}

export const UCUM_PERCENT = { system: UCUM, code: '%', unit: '%' } as const;

/**
 * The published CodeSystem: the service's clinical codes, then the features `features` names (the
 * served model's inputs), each with its modality.
 */
export function featureCodeSystem(features: readonly string[] = [], version = '1'): CodeSystem {
  const clinical: CodeSystemConcept[] = CLINICAL_INPUT_CODES.filter((c) => c.system === FEATURE_SYSTEM).map(
    (c) => ({
      code: c.code,
      display: c.display,
      property: [{ code: 'kind', valueCode: 'clinical' }],
    }),
  );
  const featureConcepts: CodeSystemConcept[] = [...new Set(features)]
    .filter((f) => !CLINICAL_BY_NAME.has(f))
    .map((f) => {
      const modality = featureModality(f);
      return {
        code: f,
        display: `${f} (PyRadiomics feature${modality ? `, ${modality.slice(0, -1).toUpperCase()}` : ''})`,
        property: [
          { code: 'kind', valueCode: 'radiomic-feature' },
          ...(modality ? [{ code: 'modality', valueString: modality.slice(0, -1) }] : []),
        ],
      };
    });
  const panel: CodeSystemConcept = {
    code: PANEL_CODE,
    display: 'Radiomic features of the index lesion (a panel: one component per feature)',
    property: [{ code: 'kind', valueCode: 'panel' }],
  };
  return {
    resourceType: 'CodeSystem',
    id: FEATURE_CODE_SYSTEM_ID,
    url: FEATURE_SYSTEM,
    version,
    name: 'Her2RadiomicsInputs',
    title: 'HER2 radiomics service: model inputs without a LOINC code',
    status: 'active',
    experimental: true,
    publisher: 'her2-radiomics service',
    description:
      'Codes of the model inputs of the HER2 radiomics service that LOINC does not cover. A radiomic feature ' +
      'is coded by its cohort column name: a modality prefix (' +
      DEFAULT_MODALITIES.join(', ') +
      ') followed by the PyRadiomics feature name, e.g. pet_wavelet-LLL_firstorder_Skewness or ' +
      'ct_original_shape_MajorAxisLength; its value is an Observation valueQuantity (or a component of a ' +
      'panel Observation). SUVmax and SUVmean are in SUV ({SUV} or g/mL), Ki-67 in %. ER and PR use LOINC ' +
      `${LOINC_ER} / ${LOINC_PR}, age LOINC ${LOINC_AGE}. This resource lists the clinical codes and the ` +
      'features of the model the service currently serves; any code following the grammar is a member.',
    caseSensitive: true,
    content: 'fragment',
    property: [
      { code: 'kind', description: 'clinical, radiomic-feature or panel', type: 'code' },
      {
        code: 'modality',
        description: 'Imaging modality of a radiomic feature (pet, ct, mri, dwi, dce)',
        type: 'string',
      },
    ],
    concept: [panel, ...clinical, ...featureConcepts],
  };
}
