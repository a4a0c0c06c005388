/** Request and response schemas of POST /v1/predictions. */
import { HER2_STATUSES } from '../../../cohort/cohort.js';
import { CLASSIFIER_KINDS } from '../../../classifiers/classifier.js';
import { errorResponses, modelIdSchema, modelInfoSchema } from '../../schemas.js';

export interface PredictionBody {
  patients: {
    id: string;
    features: Record<string, number | string>;
    clinical?: Record<string, number | string>;
    site?: string;
  }[];
}

export interface PredictionQuery {
  model?: string;
  allowOutOfDistribution?: 'true' | 'false';
}

/** A clinical value: ER / PR as 'positive' / 'negative' or a percentage, the others numbers. */
const clinicalValueSchema = { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 32 }] } as const;

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
        'Radiomic features by name (finite numbers) and categorical inputs such as BI-RADS descriptors by level name. ' +
        'Features the model does not use are ignored and listed.',
      additionalProperties: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 200 }] },
    },
    site: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'Site (centre / scanner) of the imaging. A model trained with site harmonisation (ComBat) adjusts the ' +
        'features of a site it was trained on, and any model those of a site adapted to it (POST /v1/models/{id}/sites); ' +
        'for such a model a missing or unknown site leaves them unadjusted, with a warning (or a 422 when the service refuses unknown sites)',
    },
    clinical: {
      type: 'object',
      description:
        "Clinical inputs: er and pr as 'positive' / 'negative' or a percentage; others (ki67, age, suv_max, suv_mean) as numbers.",
      properties: {
        er: clinicalValueSchema,
        pr: clinicalValueSchema,
        ki67: { type: 'number' },
        age: { type: 'number' },
        suv_max: { type: 'number' },
        suv_mean: { type: 'number' },
      },
      // Not `{type: number}`: a generated client types the object as `{er?: number | string} &
      // {[key: string]: number}`, which refuses `er: "positive"`. The model checks every clinical
      // input it uses (a string where it needs a number is a 400 naming the field).
      additionalProperties: clinicalValueSchema,
    },
  },
} as const;

const taskProbabilitySchema = {
  type: 'object',
  required: ['probability', 'classifier', 'description'],
  properties: {
    probability: {
      type: ['number', 'null'],
      description:
        "Calibrated probability of the task's positive class: one-vs-rest, or conditional for a pairwise or " +
        'subgroup task (e.g. P(HER2-low | HER2-low or HER2-zero)); null when the patient is outside the subgroup',
    },
    classifier: { type: 'string', enum: [...CLASSIFIER_KINDS, 'ensemble'] },
    description: { type: 'string', description: 'What the probability means' },
    notApplicable: {
      type: 'string',
      description: "Why there is no probability (outside the task's subgroup)",
    },
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
      type: ['string', 'null'],
      enum: [...HER2_STATUSES, null],
      description:
        'Predicted HER2 status (most probable class); null when the model lacks one of the three one-vs-rest tasks',
    },
    distribution: {
      ...statusNumbers,
      type: ['object', 'null'],
      description:
        'Three-class distribution over over / low / zero (sums to 1), coupled from the one-vs-rest tasks; ' +
        'null when the model lacks one of them (none is invented)',
    },
    tasks: {
      type: 'object',
      description:
        "One entry per task of the model (the default model's tasks are over, low and zero, each vs. the rest; " +
        'a configured model may add pairwise tasks such as low-vs-zero): its calibrated probability, what it means and the classifier',
      properties: Object.fromEntries(HER2_STATUSES.map((s) => [s, taskProbabilitySchema])),
      additionalProperties: taskProbabilitySchema,
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
    site: {
      type: 'object',
      required: ['name', 'harmonisation'],
      description:
        'The site the imaging features were harmonised for (only for a model that harmonises training sites or has adapted sites)',
      properties: {
        name: { type: ['string', 'null'], description: 'The site the patient named; null when none' },
        harmonisation: {
          type: 'string',
          enum: ['training-site', 'adapted-site', 'none'],
          description:
            'training-site: ComBat of a training site; adapted-site: a site adapted to the model after training; none: features used as sent',
        },
      },
    },
  },
} as const;

export function predictionRouteSchema(batchLimit: number) {
  return {
    tags: ['predictions'],
    operationId: 'createPredictions',
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
