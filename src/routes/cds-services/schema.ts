/** JSON schemas of the CDS Hooks routes (request shapes checked by Fastify; responses documented). */
import { errorResponses } from '../schemas.js';

const codingSchema = {
  type: 'object',
  properties: { system: { type: 'string' }, code: { type: 'string' }, display: { type: 'string' } },
} as const;

const cdsErrors = (codes: number[]) => errorResponses(codes);

export const discoverySchema = {
  tags: ['cds-hooks'],
  summary: 'CDS Hooks discovery: the her2-status service and its prefetch templates',
  response: {
    200: {
      type: 'object',
      required: ['services'],
      properties: {
        services: {
          type: 'array',
          items: {
            type: 'object',
            required: ['hook', 'description', 'id'],
            properties: {
              hook: { type: 'string' },
              title: { type: 'string' },
              description: { type: 'string' },
              id: { type: 'string' },
              prefetch: { type: 'object', additionalProperties: { type: 'string' } },
              usageRequirements: { type: 'string' },
            },
          },
        },
      },
    },
    ...cdsErrors([401, 429, 503]),
  },
} as const;

/** FHIR ids: [A-Za-z0-9\-\.]{1,64}. */
const FHIR_ID = '^[A-Za-z0-9.-]{1,64}$';

export const serviceRequestSchema = {
  type: 'object',
  required: ['hook', 'hookInstance', 'context'],
  properties: {
    hook: { type: 'string', minLength: 1, maxLength: 100 },
    hookInstance: { type: 'string', minLength: 1, maxLength: 200 },
    fhirServer: { type: 'string', minLength: 1, maxLength: 2048 },
    fhirAuthorization: {
      type: 'object',
      required: ['access_token', 'token_type'],
      properties: {
        access_token: { type: 'string', minLength: 1, maxLength: 16384 },
        token_type: { type: 'string', enum: ['Bearer', 'bearer'] },
        expires_in: { type: 'integer' },
        scope: { type: 'string' },
        subject: { type: 'string' },
      },
    },
    context: {
      type: 'object',
      required: ['patientId'],
      properties: {
        patientId: { type: 'string', pattern: FHIR_ID, description: 'FHIR id of the patient in context' },
        userId: { type: 'string' },
        encounterId: { type: 'string' },
      },
    },
    prefetch: {
      type: 'object',
      description: 'Prefetched resources by key (a searchset Bundle, or null when the EHR has no data)',
      additionalProperties: { type: ['object', 'null'] },
    },
  },
} as const;

const cardSchema = {
  type: 'object',
  required: ['summary', 'indicator', 'source'],
  additionalProperties: true,
  properties: {
    uuid: { type: 'string' },
    summary: { type: 'string', maxLength: 139 },
    detail: { type: 'string', description: 'GitHub-flavoured Markdown' },
    indicator: { type: 'string', enum: ['info', 'warning', 'critical'] },
    source: {
      type: 'object',
      additionalProperties: true,
      properties: { label: { type: 'string' }, url: { type: 'string' }, topic: codingSchema },
    },
    suggestions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          label: { type: 'string' },
          uuid: { type: 'string' },
          actions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: true,
              properties: {
                type: { type: 'string', enum: ['create', 'update', 'delete'] },
                description: { type: 'string' },
                resource: {
                  type: 'object',
                  additionalProperties: true,
                  description: 'A FHIR RiskAssessment',
                },
              },
            },
          },
        },
      },
    },
    selectionBehavior: { type: 'string' },
    overrideReasons: { type: 'array', items: codingSchema },
    links: {
      type: 'array',
      items: {
        type: 'object',
        properties: { label: { type: 'string' }, url: { type: 'string' }, type: { type: 'string' } },
      },
    },
  },
} as const;

export const serviceSchema = {
  tags: ['cds-hooks'],
  summary: 'CDS Hooks call of her2-status: one card with the HER2 status estimate, or what is missing',
  body: serviceRequestSchema,
  response: {
    200: {
      type: 'object',
      required: ['cards'],
      properties: { cards: { type: 'array', items: cardSchema } },
    },
    ...cdsErrors([400, 401, 412, 413, 429, 503]),
  },
} as const;

export const feedbackRequestSchema = {
  type: 'object',
  required: ['feedback'],
  properties: {
    feedback: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['card', 'outcome', 'outcomeTimestamp'],
        properties: {
          card: { type: 'string', minLength: 1, maxLength: 200 },
          outcome: { type: 'string', enum: ['accepted', 'overridden'] },
          acceptedSuggestions: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
            },
          },
          overrideReason: {
            type: 'object',
            properties: {
              reason: {
                type: 'object',
                properties: {
                  system: { type: 'string', maxLength: 2048 },
                  code: { type: 'string', maxLength: 200 },
                  display: { type: 'string', maxLength: 1000 },
                },
              },
              userComment: { type: 'string', maxLength: 10000 },
            },
          },
          outcomeTimestamp: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

export const feedbackSchema = {
  tags: ['cds-hooks'],
  summary: 'CDS Hooks feedback: card outcomes (accepted / overridden with reason), recorded in the audit log',
  body: feedbackRequestSchema,
  response: {
    200: {
      type: 'object',
      required: ['recorded'],
      properties: { recorded: { type: 'integer', description: 'Feedback entries recorded' } },
    },
    ...cdsErrors([400, 401, 429, 503]),
  },
} as const;
