/** Schema of POST /v1/models/:id/evaluations (the metrics themselves: src/evaluation/groupMetrics.ts). */
import { errorResponses } from '../../../schemas.js';
import { idParamsSchema } from '../schema.js';

/** One group's metrics; numbers are null where undefined (no positives, a fit without optimum). */
const groupMetrics = {
  type: 'object',
  additionalProperties: true,
  description:
    'n, nPositive, auc, aucCi95 (DeLong), aucStandardError, threshold, sensitivity / specificity ' +
    '({value, successes, n, ci95} with Wilson CIs), brier, calibration ({intercept, slope} each ' +
    '{estimate, se, ci95}, inTheLargeTest {method: "wald-intercept", z, pValue}), ece, reliability ' +
    '(bins with observedCi95 and fewPatients), roc, decisionCurve ({threshold, model, treatAll, treatNone})',
} as const;

export const evaluationSchema = {
  tags: ['models'],
  summary: 'Evaluate a stored model, frozen, on a new labelled cohort',
  params: idParamsSchema,
  querystring: {
    type: 'object',
    properties: {
      allowOutOfDistribution: { type: 'boolean', default: false },
      format: { type: 'string', enum: ['json', 'html'], default: 'json' },
    },
    additionalProperties: false,
  },
  body: {
    description: 'The cohort CSV (the training cohort format, with labels) as text/csv, or JSON {cohortCsv}.',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': {
        schema: {
          type: 'object',
          required: ['cohortCsv'],
          additionalProperties: false,
          properties: { cohortCsv: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
  response: {
    200: {
      description: 'Per task: overall and per-site metrics (or the HTML report for format=html)',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['kind', 'model', 'cohort', 'synthetic', 'syntheticWarning', 'tasks'],
            properties: {
              kind: { type: 'string', enum: ['frozen-model-evaluation'] },
              model: { type: 'object', additionalProperties: true },
              cohort: { type: 'object', additionalProperties: true },
              synthetic: { type: 'boolean' },
              syntheticWarning: { type: ['string', 'null'] },
              outOfDistribution: { type: 'array', items: { type: 'string' } },
              warnings: { type: 'array', items: { type: 'string' } },
              tasks: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    description: { type: 'string' },
                    classifier: { type: 'string' },
                    threshold: { type: 'number' },
                    rows: { type: 'object', additionalProperties: true },
                    overall: groupMetrics,
                    sites: { type: 'object', additionalProperties: groupMetrics },
                  },
                },
              },
            },
          },
        },
        'text/html': { schema: { type: 'string' } },
      },
    },
    ...errorResponses([400, 401, 403, 404, 413, 415, 422, 429]),
  },
};
