/** Request and response schemas of POST /v1/predictions. */
import { HER2_STATUSES } from '../../../cohort/cohort.js';
import { CLASSIFIER_KINDS } from '../../../classifiers/classifier.js';
import { errorResponses, modelIdSchema, modelInfoSchema } from '../../schemas.js';

export interface PredictionBody {
  patients: {
    id: string;
    features: Record<string, number>;
    clinical?: Record<string, number | string>;
  }[];
}

export interface PredictionQuery {
  model?: string;
  allowOutOfDistribution?: 'true' | 'false';
}

const patientSchema = {
  type: 'object',
  required: ['id', 'features'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "Caller's patient / lesion identifier, echoed back (never logged)",
    },
    features: {
      type: 'object',
      description:
        'Radiomic features by name (finite numbers). Features the model does not use are ignored and listed.',
      additionalProperties: { type: 'number' },
    },
    clinical: {
      type: 'object',
      description:
        "Clinical inputs: er and pr as 'positive' / 'negative' or a percentage; others (ki67, age, suv_max, suv_mean) as numbers.",
      properties: {
        er: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 32 }] },
        pr: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 32 }] },
      },
      additionalProperties: { type: 'number' },
    },
  },
} as const;

const taskProbabilitySchema = {
  type: 'object',
  required: ['probability', 'classifier'],
  properties: {
    probability: {
      type: 'number',
      description: "Calibrated one-vs-rest probability of the task's positive class",
    },
    classifier: { type: 'string', enum: [...CLASSIFIER_KINDS] },
  },
} as const;

const statusNumbers = {
  type: 'object',
  required: [...HER2_STATUSES],
  properties: Object.fromEntries(HER2_STATUSES.map((s) => [s, { type: 'number' }])),
} as const;

const predictionSchema = {
  type: 'object',
  required: ['id', 'status', 'distribution', 'tasks', 'warnings', 'ignoredFeatures', 'outOfDistribution'],
  properties: {
    id: { type: 'string' },
    status: {
      type: 'string',
      enum: [...HER2_STATUSES],
      description: 'Predicted HER2 status (most probable class)',
    },
    distribution: {
      ...statusNumbers,
      description: 'Three-class distribution over over / low / zero (sums to 1)',
    },
    tasks: {
      type: 'object',
      required: [...HER2_STATUSES],
      description: 'Calibrated one-vs-rest probability per task and the classifier that produced it',
      properties: Object.fromEntries(HER2_STATUSES.map((s) => [s, taskProbabilitySchema])),
    },
    warnings: {
      type: 'array',
      items: { type: 'string' },
      description: 'Out-of-distribution inputs and other cautions',
    },
    ignoredFeatures: {
      type: 'array',
      items: { type: 'string' },
      description: 'Features sent that the model does not use',
    },
    outOfDistribution: {
      type: 'boolean',
      description:
        'true when an input lies beyond the reject bound (more than the configured number of training SDs, default 10, outside its training range): the model is not trusted for this patient, predicted only because the request set allowOutOfDistribution=true; a warning names the input',
    },
  },
} as const;

export function predictionRouteSchema(batchLimit: number) {
  return {
    tags: ['predictions'],
    summary: 'Predict HER2 status for one or more patients',
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        model: {
          ...modelIdSchema,
          description: 'Predict with this registered (possibly inactive) model instead of the active one',
        },
        allowOutOfDistribution: {
          type: 'string',
          enum: ['true', 'false'],
          description:
            'true: predict patients with inputs beyond the reject bound (more than the configured number of training SDs, default 10, outside the training range) instead of refusing them with 422; their predictions carry outOfDistribution: true and a warning naming the input',
        },
      },
    },
    body: {
      type: 'object',
      required: ['patients'],
      additionalProperties: false,
      properties: {
        patients: { type: 'array', minItems: 1, maxItems: batchLimit, items: patientSchema },
      },
    },
    response: {
      200: {
        description: 'One prediction per patient, in request order',
        type: 'object',
        required: ['model', 'predictions'],
        properties: {
          model: modelInfoSchema,
          predictions: { type: 'array', items: predictionSchema },
        },
      },
      ...errorResponses([400, 401, 403, 404, 413, 415, 422, 429, 503]),
    },
  };
}
