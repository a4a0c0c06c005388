/**
 * The OperationDefinitions of the service's two FHIR operations: $her2-predict on RiskAssessment and
 * the system-level $her2-train. GET /fhir/OperationDefinition/<id> serves them; the
 * CapabilityStatement points at their canonical URLs.
 */
import type { OperationDefinition } from '@medplum/fhirtypes';
import {
  CANONICAL_BASE,
  FEATURE_SYSTEM,
  LOINC_ER,
  LOINC_HER2_IHC,
  LOINC_HER2_ISH,
  LOINC_PR,
} from '../codes.js';

export const PREDICT_OPERATION_ID = 'her2-predict';
export const TRAIN_OPERATION_ID = 'her2-train';
export const operationUrl = (id: string) => `${CANONICAL_BASE}/OperationDefinition/${id}`;

const INPUTS =
  `ER and PR status (LOINC ${LOINC_ER} / ${LOINC_PR}; valueCodeableConcept SNOMED CT 10828004 positive / 260385009 negative, ` +
  "or valueQuantity in UCUM '%', >= 1% positive), SUVmax / SUVmean where the model uses them, and the radiomic " +
  `features coded in ${FEATURE_SYSTEM} (one Observation per feature, or one Observation with a component per feature)`;

export const PREDICT_OPERATION: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: PREDICT_OPERATION_ID,
  url: operationUrl(PREDICT_OPERATION_ID),
  version: '1',
  name: 'Her2Predict',
  title: 'Predict HER2 expression status from radiomics',
  status: 'active',
  kind: 'operation',
  experimental: true,
  description:
    `Predicts the HER2 expression status (over / low / zero) of one patient's breast cancer from ${INPUTS}. ` +
    'The input is a Bundle of type collection holding the Observations (and optionally the Patient), or a ' +
    'Parameters resource. The output is a Bundle (collection) of a RiskAssessment (one prediction per HER2 status, ' +
    'from the coupled three-class distribution, and one per task of the model; status preliminary for a model ' +
    'trained on synthetic data), the Device that is the model, and a Provenance. Missing, conflicting or wrongly ' +
    'coded inputs are answered 422 with an OperationOutcome naming each element by FHIRPath; invalid FHIR, 400. ' +
    'Query: model=<id> predicts with a registered model other than the active one; allowOutOfDistribution=true ' +
    'predicts inputs beyond the reject bound (flagged in RiskAssessment.note). Role: predict.',
  affectsState: false,
  code: PREDICT_OPERATION_ID,
  resource: ['RiskAssessment'],
  system: false,
  type: true,
  instance: false,
  inputProfile: 'http://hl7.org/fhir/StructureDefinition/Bundle',
  parameter: [
    {
      name: 'patient',
      use: 'in',
      min: 0,
      max: '1',
      type: 'Reference',
      documentation:
        'The patient (Parameters form); else the Observations’ subject or a Patient in the Bundle.',
    },
    {
      name: 'observation',
      use: 'in',
      min: 1,
      max: '*',
      type: 'Observation',
      documentation: `The patient's inputs: ${INPUTS}.`,
    },
    {
      name: 'return',
      use: 'out',
      min: 1,
      max: '1',
      type: 'Bundle',
      documentation: 'A Bundle of type collection: RiskAssessment, Device (the model), Provenance.',
    },
  ],
};

export const TRAIN_OPERATION: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: TRAIN_OPERATION_ID,
  url: operationUrl(TRAIN_OPERATION_ID),
  version: '1',
  name: 'Her2Train',
  title: 'Train a HER2 model from FHIR Observations',
  status: 'active',
  kind: 'operation',
  experimental: true,
  description:
    'Starts the same training job as POST /v1/training-jobs from a Bundle (type collection) of Observations of ' +
    `many patients: per patient (Observation.subject) the inputs a prediction reads and the HER2 result, IHC (LOINC ` +
    `${LOINC_HER2_IHC}: 0, 1+, 2+, 3+) and, for IHC 2+, ISH (LOINC ${LOINC_HER2_ISH}: SNOMED CT positive / negative). ` +
    "A Patient's managingOrganization names its site. A Bundle labelled HTEST (meta.security or meta.tag, " +
    'v3-ActReason) is a synthetic cohort. The Bundle may be sent as it is (query activate=true to activate the ' +
    'model if it passes the quality gate) or in Parameters with cohort (the Bundle), activate (boolean) and config ' +
    '(the training configuration as a JSON string). Answers 202 with Location /v1/training-jobs/<id> and an ' +
    'OperationOutcome naming the job. Role: train.',
  affectsState: true,
  code: TRAIN_OPERATION_ID,
  system: true,
  type: false,
  instance: false,
  parameter: [
    {
      name: 'cohort',
      use: 'in',
      min: 1,
      max: '1',
      type: 'Bundle',
      documentation: 'The patients’ Observations.',
    },
    {
      name: 'activate',
      use: 'in',
      min: 0,
      max: '1',
      type: 'boolean',
      documentation: 'Activate the model when it passes the quality gate.',
    },
    {
      name: 'config',
      use: 'in',
      min: 0,
      max: '1',
      type: 'string',
      documentation: 'Training configuration (JSON), as the config field of POST /v1/training-jobs.',
    },
    {
      name: 'return',
      use: 'out',
      min: 1,
      max: '1',
      type: 'OperationOutcome',
      documentation: 'The queued job (its id and where to follow it).',
    },
  ],
};

export const OPERATION_DEFINITIONS: Readonly<Record<string, OperationDefinition>> = {
  [PREDICT_OPERATION_ID]: PREDICT_OPERATION,
  [TRAIN_OPERATION_ID]: TRAIN_OPERATION,
};
