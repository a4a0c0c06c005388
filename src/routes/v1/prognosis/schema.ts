/** Request and response schemas of POST /v1/prognosis. */
import { THRESHOLDS, mtvColumn, suvMeanColumn } from '../../../prognosis/lesionTable.js';
import { errorResponses } from '../../schemas.js';

export type LesionBody = { lesion_id?: string; site?: string; suv_max: number } & Record<
  string,
  number | string
>;

export interface PrognosisBody {
  id?: string;
  lesions: LesionBody[];
}

const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description }) as const;

const lesionSchema = {
  type: 'object',
  required: ['suv_max'],
  additionalProperties: false,
  properties: {
    lesion_id: { type: 'string', maxLength: 200 },
    site: {
      type: 'string',
      maxLength: 100,
      description: 'Anatomical site (breast, lung, liver, lymph node, bone, …)',
    },
    suv_max: positive('Lesion SUVmax'),
    ...Object.fromEntries(
      THRESHOLDS.flatMap((t) => [
        [suvMeanColumn(t), positive(`SUVmean inside the contour at threshold ${t} (≤ suv_max)`)],
        [mtvColumn(t), positive(`Metabolic tumour volume (mL) of the contour at threshold ${t}`)],
      ]),
    ),
  },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;
const interval = { type: 'array', items: nullableNumber, minItems: 2, maxItems: 2 } as const;

const EXAMPLE = {
  id: 'patient-1',
  lesions: [
    { lesion_id: 'L1', site: 'liver', suv_max: 8.2, suv_mean_50: 4.9, mtv_50: 3.1 },
    { lesion_id: 'L2', site: 'lymph node', suv_max: 5.4, suv_mean_50: 3.6, mtv_50: 1.2 },
  ],
};

export const prognosisRouteSchema = {
  tags: ['prognosis'],
  operationId: 'predictPrognosis',
  summary: "A patient's PFS risk group under trastuzumab + pertuzumab from FDG PET lesions",
  body: {
    type: 'object',
    required: ['lesions'],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        maxLength: 200,
        description: "Caller's patient identifier, echoed back (never logged)",
      },
      lesions: { type: 'array', minItems: 1, maxItems: 1000, items: lesionSchema },
    },
    examples: [EXAMPLE],
  },
  response: {
    200: {
      description: "The patient's marker, risk group and that group's Kaplan–Meier PFS",
      type: 'object',
      required: ['model', 'patient'],
      properties: {
        model: {
          type: 'object',
          required: [
            'id',
            'createdAt',
            'synthetic',
            'syntheticWarning',
            'cohort',
            'marker',
            'cutoff',
            'cutoffSource',
          ],
          properties: {
            id: { type: 'string', description: 'sha256 of the prognosis model' },
            createdAt: { type: 'string' },
            synthetic: { type: 'boolean' },
            syntheticWarning: { type: ['string', 'null'] },
            cohort: {
              type: 'object',
              description: 'The cohort the cut-off and the curves come from',
              properties: {
                lesions: {
                  type: 'object',
                  properties: { name: { type: 'string' }, sha256: { type: ['string', 'null'] } },
                },
                outcomes: {
                  type: 'object',
                  properties: { name: { type: 'string' }, sha256: { type: ['string', 'null'] } },
                },
                patients: { type: 'integer' },
                events: { type: 'integer' },
              },
            },
            marker: { type: 'string' },
            cutoff: { type: 'number' },
            cutoffSource: { type: 'string', enum: ['given', 'youden'] },
          },
        },
        patient: {
          type: 'object',
          required: ['marker', 'value', 'cutoff', 'riskGroup', 'group', 'pfs'],
          properties: {
            id: { type: 'string' },
            marker: {
              type: 'string',
              description: 'e.g. HI50_max: the largest SUVmax / SUVmean50 over the lesions',
            },
            value: { type: 'number' },
            cutoff: { type: 'number' },
            riskGroup: { type: 'string', enum: ['high', 'low'], description: 'high when value ≥ cutoff' },
            group: {
              type: 'object',
              properties: {
                n: { type: 'integer' },
                events: { type: 'integer' },
                medianPfs: { ...nullableNumber, description: 'months; null when not reached' },
                medianPfsCi95: interval,
              },
            },
            pfs: {
              type: 'array',
              description:
                "The group's Kaplan–Meier PFS at 6, 12 and 24 months with pointwise 95% log–log CIs",
              items: {
                type: 'object',
                required: ['months', 'survival', 'ci95'],
                properties: {
                  months: { type: 'number' },
                  survival: nullableNumber,
                  ci95: { ...interval, type: ['array', 'null'] },
                  note: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    ...errorResponses([400, 401, 403, 413, 415, 422, 429, 503]),
  },
};
