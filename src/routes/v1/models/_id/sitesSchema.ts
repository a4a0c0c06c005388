/** Schemas of GET / POST /v1/models/:id/sites (site adaptation). */
import { SITE_NAME_PATTERN } from '../../../../model/siteAdaptation.js';
import { errorResponses } from '../../../schemas.js';
import { idParamsSchema } from '../schema.js';

export interface SiteAdaptationBody {
  site: string;
  patients: { id: string; features: Record<string, number | string> }[];
  method?: 'combat' | 'quantile';
  eb?: boolean;
  meanOnly?: boolean;
}

const siteSummary = {
  type: 'object',
  required: ['modelId', 'site', 'createdAt', 'patients', 'method', 'features'],
  properties: {
    modelId: { type: 'string' },
    site: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    patients: { type: 'integer', description: "Unlabelled patients the site's effects were estimated from" },
    method: {
      type: 'string',
      enum: ['combat', 'quantile'],
      description: 'combat: location and scale per feature; quantile: the whole distribution per feature',
    },
    eb: { type: 'boolean', description: 'combat: empirical-Bayes shrinkage of the effects across features' },
    meanOnly: { type: 'boolean', description: 'combat: location only (scale left as it is)' },
    features: {
      type: 'array',
      description:
        "Per adapted imaging feature. combat: the site's location shift (gamma, in training SDs) and variance ratio (delta); " +
        "quantile: the site's quantiles at 0, 0.05, …, 1, which are mapped onto the training quantiles",
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          gamma: { type: 'number' },
          delta: { type: 'number' },
          quantiles: { type: 'array', items: { type: 'number' } },
        },
      },
    },
  },
} as const;

export function adaptSiteSchema(batchLimit: number) {
  return {
    tags: ['models'],
    summary:
      "Adapt a model to a new site from the site's unlabelled patients (ComBat or quantile mapping onto the training data)",
    params: idParamsSchema,
    body: {
      type: 'object',
      required: ['site', 'patients'],
      additionalProperties: false,
      properties: {
        site: { type: 'string', pattern: SITE_NAME_PATTERN, description: 'The new site (centre / scanner)' },
        patients: {
          type: 'array',
          minItems: 1,
          maxItems: batchLimit,
          description:
            "The site's patients: every imaging feature of the model for each; no label is read (there is none to send)",
          items: {
            type: 'object',
            required: ['id', 'features'],
            properties: {
              id: { type: 'string', minLength: 1, maxLength: 200 },
              features: {
                type: 'object',
                additionalProperties: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 200 }] },
              },
            },
          },
        },
        method: {
          type: 'string',
          enum: ['combat', 'quantile'],
          default: 'combat',
          description:
            "combat (default): the site's location and scale per feature, as ComBat; quantile: the site's whole " +
            'distribution per feature mapped onto the training quantiles, for a scanner whose difference is not a ' +
            'shift and a scaling (needs a model trained with quantiles recorded, and more patients to be stable)',
        },
        eb: {
          type: 'boolean',
          default: true,
          description: 'combat: empirical-Bayes shrinkage (default true)',
        },
        meanOnly: {
          type: 'boolean',
          default: false,
          description: 'combat: adjust location only (default false)',
        },
      },
    },
    response: { 201: siteSummary, ...errorResponses([400, 401, 403, 404, 413, 415, 422, 429]) },
  } as const;
}

export const listSitesSchema = {
  tags: ['models'],
  summary: 'The sites adapted to a model',
  params: idParamsSchema,
  response: {
    200: {
      type: 'object',
      required: ['sites'],
      properties: { sites: { type: 'array', items: siteSummary } },
    },
    ...errorResponses([400, 401, 403, 404, 429]),
  },
} as const;
