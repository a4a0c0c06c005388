/** Schemas of the /v1/models routes. */
import { HER2_STATUSES } from '../../../cohort/cohort.js';
import { errorResponses, modelIdSchema, modelInfoSchema } from '../../schemas.js';

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: modelIdSchema },
} as const;

const aucSummary = {
  type: 'object',
  required: ['auc', 'ci95'],
  properties: {
    auc: { type: 'number' },
    ci95: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
  },
} as const;

const taskSummary = {
  type: 'object',
  required: ['best', 'selectedFeatures'],
  properties: {
    description: { type: 'string', description: 'What the task separates, e.g. "HER2-low vs HER2-zero"' },
    best: { type: 'string' },
    selectedFeatures: { type: 'integer', description: 'Number of selected radiomic features' },
    training: aucSummary,
    validation: aucSummary,
    external: aucSummary,
  },
} as const;

const modelListEntry = {
  type: 'object',
  required: ['id', 'createdAt', 'synthetic', 'syntheticWarning', 'active', 'cohortSource', 'tasks'],
  properties: {
    ...modelInfoSchema.properties,
    cohortSource: { type: 'string' },
    tasks: {
      type: 'object',
      description:
        "One entry per task of the model, keyed by task name (the default model's: over, low, zero)",
      properties: Object.fromEntries(HER2_STATUSES.map((s) => [s, taskSummary])),
      additionalProperties: taskSummary,
    },
  },
} as const;

export const listSchema = {
  tags: ['models'],
  operationId: 'listModels',
  summary:
    "List registered model versions with summary metrics (AUC and 95% CI of each task's best classifier)",
  response: {
    200: {
      type: 'object',
      required: ['active', 'previous', 'models'],
      properties: {
        active: { type: 'string', nullable: true },
        previous: {
          type: 'array',
          items: { type: 'string' },
          description: 'Previously active ids, most recent first',
        },
        models: { type: 'array', items: modelListEntry },
      },
    },
    ...errorResponses([401, 403, 429]),
  },
};

const setMetrics = {
  type: 'object',
  properties: {
    n: { type: 'integer' },
    nPositive: { type: 'integer' },
    auc: { type: 'number' },
    ci95: { type: 'array', items: { type: 'number' }, description: 'DeLong 95% CI' },
    aucStandardError: { type: 'number' },
    threshold: { type: 'number' },
    sensitivity: { type: 'number' },
    specificity: { type: 'number' },
    accuracy: { type: 'number' },
    brier: { type: 'number' },
    calibrationIntercept: { type: 'number' },
    calibrationSlope: { type: 'number' },
    ece: { type: 'number' },
    roc: { type: 'array', items: { type: 'object', additionalProperties: true } },
    reliability: {
      type: 'array',
      items: { type: 'object', additionalProperties: true },
      description: 'Calibration (reliability) bins',
    },
  },
} as const;

const classifierCard = {
  type: 'object',
  properties: {
    hyperparameters: { type: 'object', additionalProperties: true },
    cvAuc: { type: 'number' },
    threshold: { type: 'number' },
    calibration: { type: 'object', properties: { method: { type: 'string' } } },
    metrics: {
      type: 'object',
      properties: { training: setMetrics, validation: setMetrics, external: setMetrics },
    },
  },
} as const;

const taskCard = {
  type: 'object',
  properties: {
    definition: {
      type: 'object',
      description:
        'The task: positive and negative HER2 statuses ("rest" = all others) and an optional subgroup',
      additionalProperties: true,
    },
    description: { type: 'string' },
    best: { type: 'string' },
    selectedFeatures: { type: 'array', items: { type: 'string' } },
    clinicalFeatures: { type: 'array', items: { type: 'string' } },
    selection: { type: 'object', additionalProperties: true },
    classifiers: { type: 'object', additionalProperties: classifierCard },
    comparisons: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

/** `?access=`: a signed link from a CDS card (src/security/signedLinks.ts) instead of an API key. */
const signedLinkQuery = {
  type: 'object',
  properties: {
    access: {
      type: 'string',
      description:
        "A CDS Hooks card's signed link to this exact page (expiry.signature): opens it without an API key until it expires",
    },
  },
} as const;

export const cardSchema = {
  tags: ['models'],
  operationId: 'getModel',
  summary:
    'The model card: metrics with confidence intervals, selected features, calibration, provenance, intended use',
  params: idParamsSchema,
  querystring: signedLinkQuery,
  response: {
    200: {
      type: 'object',
      required: ['model', 'intendedUse', 'provenance', 'input', 'tasks'],
      properties: {
        model: modelInfoSchema,
        intendedUse: { type: 'string' },
        provenance: { type: 'object', additionalProperties: true },
        input: {
          type: 'object',
          properties: {
            features: { type: 'array', items: { type: 'string' } },
            clinical: { type: 'array', items: { type: 'string' } },
            categorical: {
              type: 'object',
              description: 'Categorical inputs and their levels (reference level first)',
              additionalProperties: true,
            },
            missingPolicy: { type: 'string' },
          },
        },
        cohortSummary: { type: 'object', additionalProperties: true },
        coupling: {
          type: 'object',
          properties: { method: { type: 'string' }, description: { type: 'string' } },
        },
        tasks: {
          type: 'object',
          properties: Object.fromEntries(HER2_STATUSES.map((s) => [s, taskCard])),
          additionalProperties: taskCard,
        },
      },
    },
    ...errorResponses([400, 401, 403, 404, 429]),
  },
};

export const reportSchema = {
  tags: ['models'],
  operationId: 'getModelReport',
  summary: 'The HTML report of a model',
  params: idParamsSchema,
  querystring: signedLinkQuery,
  produces: ['text/html'],
  response: {
    200: { description: 'HTML report', content: { 'text/html': { schema: { type: 'string' } } } },
    ...errorResponses([400, 401, 403, 404, 429]),
  },
};

const pointerResponse = {
  type: 'object',
  required: ['model', 'previous'],
  properties: {
    model: modelInfoSchema,
    previous: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const activateSchema = {
  tags: ['models'],
  operationId: 'activateModel',
  summary: 'Make a registered model the active one (no quality gate: an administrator decision)',
  params: idParamsSchema,
  response: { 200: pointerResponse, ...errorResponses([400, 401, 403, 404, 429]) },
};

export const rollbackSchema = {
  tags: ['models'],
  operationId: 'rollbackModel',
  summary: 'Re-activate the previously active model',
  response: { 200: pointerResponse, ...errorResponses([401, 403, 409, 429]) },
};

export const deleteSchema = {
  tags: ['models'],
  operationId: 'deleteModel',
  summary: 'Delete a registered model (not the active one)',
  params: idParamsSchema,
  response: {
    204: { description: 'Deleted', type: 'null' },
    ...errorResponses([400, 401, 403, 404, 409, 429]),
  },
};
