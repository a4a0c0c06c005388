/** Schemas of the /v1/training-jobs routes. */
import { JOB_STATES } from '../../../jobs/types.js';
import { errorResponses } from '../../schemas.js';

export interface TrainingJsonBody {
  cohortCsv: string;
  interCsv?: string;
  intraCsv?: string;
  cohortName?: string;
  config?: Record<string, unknown>;
  activate?: boolean;
}

const jsonBody = {
  type: 'object',
  required: ['cohortCsv'],
  additionalProperties: false,
  properties: {
    cohortCsv: { type: 'string', minLength: 1, description: 'The cohort CSV text' },
    interCsv: { type: 'string', minLength: 1, description: 'Inter-observer repeat segmentation CSV' },
    intraCsv: { type: 'string', minLength: 1, description: 'Intra-observer repeat segmentation CSV' },
    cohortName: { type: 'string', maxLength: 200, description: 'Name of the cohort (provenance)' },
    config: {
      type: 'object',
      additionalProperties: true,
      description: 'Training configuration (see the pipeline documentation)',
    },
    activate: {
      type: 'boolean',
      default: false,
      description: 'Activate the model if it passes the quality gate',
    },
  },
} as const;

// No `type: object` here: with multipart the parts are streamed by the handler, not attached to the body.
const multipartBody = {
  required: ['cohort'],
  properties: {
    cohort: { type: 'string', format: 'binary', description: 'Cohort CSV file' },
    inter: { type: 'string', format: 'binary', description: 'Inter-observer repeat segmentation CSV file' },
    intra: { type: 'string', format: 'binary', description: 'Intra-observer repeat segmentation CSV file' },
    config: { type: 'string', description: 'Training configuration as a JSON object' },
    activate: {
      type: 'string',
      enum: ['true', 'false'],
      description: 'Activate the model if it passes the quality gate',
    },
  },
} as const;

export const jobSchema = {
  type: 'object',
  required: ['id', 'state', 'stage', 'percent', 'createdAt', 'activation', 'model', 'input'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: [...JOB_STATES] },
    stage: { type: 'string', description: 'Current pipeline stage' },
    percent: { type: 'number', minimum: 0, maximum: 100 },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    error: { type: 'string', description: 'Why the job failed, was interrupted or was cancelled' },
    cancelRequested: {
      type: 'boolean',
      description: 'A cancel was requested; the replica running the job stops it at its next heartbeat',
    },
    model: {
      type: 'object',
      nullable: true,
      description: 'The registered model, once the job succeeded',
      required: ['id', 'synthetic', 'syntheticWarning'],
      properties: {
        id: { type: 'string' },
        synthetic: { type: 'boolean' },
        syntheticWarning: { type: 'string', nullable: true },
      },
    },
    activation: {
      type: 'object',
      required: ['requested', 'activated', 'reason'],
      properties: {
        requested: { type: 'boolean' },
        activated: { type: 'boolean' },
        reason: { type: 'string' },
      },
    },
    submittedBy: { type: 'string', nullable: true, description: 'API key id' },
    input: {
      type: 'object',
      properties: {
        cohortName: { type: 'string', nullable: true },
        cohortSha256: { type: 'string' },
        cohortBytes: { type: 'integer' },
        inter: { type: 'boolean' },
        intra: { type: 'boolean' },
        config: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

export const submitSchema = {
  tags: ['training'],
  operationId: 'createTrainingJob',
  summary: 'Queue a training job (cohort CSV as a multipart upload or in JSON)',
  consumes: ['application/json', 'multipart/form-data'],
  body: {
    content: {
      'application/json': { schema: jsonBody },
      'multipart/form-data': { schema: multipartBody },
    },
  },
  response: {
    202: { description: 'Queued; poll GET /v1/training-jobs/{id}', ...jobSchema },
    ...errorResponses([400, 401, 403, 413, 415, 429, 503]),
  },
};

export const listJobsSchema = {
  tags: ['training'],
  operationId: 'listTrainingJobs',
  summary: 'List training jobs, newest first',
  response: {
    200: { type: 'object', required: ['jobs'], properties: { jobs: { type: 'array', items: jobSchema } } },
    ...errorResponses([401, 403, 429]),
  },
};

const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
} as const;

export const cancelJobSchema = {
  tags: ['training'],
  summary: 'Cancel a training job: a queued one at once, a running one by the replica running it',
  params: jobIdParams,
  response: {
    200: { description: 'Cancelled (it was queued)', ...jobSchema },
    202: {
      description: 'Cancel requested: the running job stops shortly; poll GET /v1/training-jobs/{id}',
      ...jobSchema,
    },
    ...errorResponses([400, 401, 403, 404, 409, 429, 503]),
  },
};

export const getJobSchema = {
  tags: ['training'],
  operationId: 'getTrainingJob',
  summary: 'A training job: state, stage, percent, error, resulting model',
  params: jobIdParams,
  response: { 200: jobSchema, ...errorResponses([400, 401, 403, 404, 429]) },
};
