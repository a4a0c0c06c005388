/** Schemas of GET / POST /v1/models/:id/sites (site adaptation). */
import { SITE_NAME_PATTERN } from '../../../../model/siteAdaptation.js';
import { errorResponses } from '../../../schemas.js';
import { idParamsSchema } from '../schema.js';

export interface SiteAdaptationBody {
  site: string;
  patients: { id: string; features: Record<string, number | string> }[];
  eb?: boolean;
  meanOnly?: boolean;
}

const siteSummary = {
  type: 'object',
  required: ['modelId', 'site', 'createdAt', 'patients', 'eb', 'meanOnly', 'features'],
  properties: {
    modelId: { type: 'string' },
    site: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    patients: { type: 'integer', description: "Unlabelled patients the site's effects were estimated from" },
    eb: { type: 'boolean', description: 'Empirical-Bayes shrinkage of the effects across features' },
    meanOnly: { type: 'boolean', description: 'Location only (scale left as it is)' },
    features: {
      type: 'array',
      description:
        "Per adapted imaging feature: the site's location shift (gamma, in training SDs) and variance ratio (delta)",
      items: {
        type: 'object',
        required: ['name', 'gamma', 'delta'],
        properties: { name: { type: 'string' }, gamma: { type: 'number' }, delta: { type: 'number' } },
      },
    },
  },
} as const;

export function adaptSiteSchema(batchLimit: number) {
  return {
    tags: ['models'],
    summary:
      "Adapt a model to a new site from the site's unlabelled patients (ComBat against the training data)",
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
        eb: { type: 'boolean', default: true, description: 'Empirical-Bayes shrinkage (default true)' },
        meanOnly: { type: 'boolean', default: false, description: 'Adjust location only (default false)' },
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
