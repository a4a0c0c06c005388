/**
 * OpenAPI schemas of the /fhir routes. Bodies and answers are FHIR resources, validated by the R4
 * validator (src/fhir/validate.ts), so the JSON schemas only describe them and keep every element
 * (additionalProperties), and name the media type application/fhir+json.
 */
import { errorResponses } from '../schemas.js';

export interface PredictQuery {
  model?: string;
  allowOutOfDistribution?: 'true' | 'false';
}
export interface TrainQuery {
  activate?: 'true' | 'false';
}

const FHIR_TYPES = ['application/fhir+json', 'application/json'];

/** What an operation takes and gives: FHIR JSON in and out, a Bundle or Parameters body, its query options. */
const operationIo = (query: Record<string, unknown>) => ({
  consumes: FHIR_TYPES,
  produces: ['application/fhir+json'],
  querystring: { type: 'object', additionalProperties: false, properties: query },
  body: resource('Bundle (type collection) or Parameters', ['Bundle', 'Parameters']),
});

const trueOrFalse = (description: string) => ({ type: 'string', enum: ['true', 'false'], description });

const resource = (description: string, types?: string[]) => ({
  type: 'object',
  description,
  required: ['resourceType'],
  additionalProperties: true,
  properties: { resourceType: { type: 'string', ...(types ? { enum: types } : {}) } },
});

const operationOutcome = (description: string) => ({
  ...resource('OperationOutcome: every issue names the element it concerns by FHIRPath (expression)', [
    'OperationOutcome',
  ]),
  description,
});

/** 4xx / 5xx of /fhir routes: an OperationOutcome, with the JSON routes' status codes. */
function outcomes(codes: number[]): Record<string, unknown> {
  const described = errorResponses(codes) as Record<string, { description: string }>;
  return {
    ...Object.fromEntries(
      Object.entries(described).map(([code, r]) => [code, operationOutcome(r.description)]),
    ),
    // Any other client error is an OperationOutcome too (not the REST routes' problem details).
    '4xx': operationOutcome('Any other client error'),
  };
}

export const predictRouteSchema = {
  tags: ['fhir'],
  summary: 'FHIR R4 operation $her2-predict: a RiskAssessment from Observations',
  description:
    "Body: a Bundle (type collection) or Parameters holding one patient's Observations (ER / PR, SUV, radiomic " +
    'features; see GET /fhir/OperationDefinition/her2-predict). Answer: a Bundle of RiskAssessment, Device and ' +
    'Provenance. Invalid FHIR: 400; missing, conflicting or wrongly coded inputs: 422 (OperationOutcome with FHIRPath).',
  ...operationIo({
    model: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'Predict with this registered model instead of the active one',
    },
    allowOutOfDistribution: trueOrFalse(
      'true: predict inputs beyond the reject bound instead of 422; the RiskAssessment notes it',
    ),
  }),
  response: {
    200: resource('Bundle (collection): RiskAssessment, Device (the model), Provenance', ['Bundle']),
    ...outcomes([400, 401, 403, 404, 413, 415, 422, 429, 503]),
  },
};

export const trainRouteSchema = {
  tags: ['fhir'],
  summary: 'FHIR R4 operation $her2-train: a training job from Observations',
  description:
    'Body: a Bundle (type collection) of many patients’ Observations with their HER2 results (IHC LOINC 18474-7, ' +
    'ISH LOINC 48676-1), or Parameters with cohort, activate, config; see GET /fhir/OperationDefinition/her2-train. ' +
    'Starts the same job as POST /v1/training-jobs: 202, Location /v1/training-jobs/<id>.',
  ...operationIo({ activate: trueOrFalse('Activate the model if it passes the quality gate') }),
  response: {
    202: operationOutcome('Queued: the OperationOutcome names the job; Location is its URL'),
    ...outcomes([400, 401, 403, 413, 415, 422, 429, 503]),
  },
};

export const conformanceSchema = (
  summary: string,
  description: string,
  params?: Record<string, unknown>,
) => ({
  tags: ['fhir'],
  summary,
  description,
  produces: ['application/fhir+json'],
  ...(params ? { params } : {}),
  response: {
    200: resource(summary),
    ...outcomes([404, 429]),
  },
});
