/**
 * POST /v1/training-jobs (multipart upload or JSON), GET /v1/training-jobs, GET /v1/training-jobs/:id.
 * Training itself runs in the job runner (src/jobs/), off the event loop.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { JobRecord, TrainingRequest } from '../../../jobs/types.js';
import { readMultipart } from './multipartUpload.js';
import { HttpError } from '../../../plugins/errors.js';
import { securityFor } from '../../../plugins/auth.js';
import { SYNTHETIC_WARNING } from '../../../registry/summary.js';
import { type TrainingJsonBody, getJobSchema, listJobsSchema, submitSchema } from './schema.js';

export function jobView(r: JobRecord) {
  return {
    id: r.id,
    state: r.state,
    stage: r.stage,
    percent: r.percent,
    createdAt: r.createdAt,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    ...(r.error ? { error: r.error } : {}),
    model: r.modelId
      ? {
          id: r.modelId,
          synthetic: r.synthetic === true,
          syntheticWarning: r.synthetic ? SYNTHETIC_WARNING : null,
        }
      : null,
    activation: r.activation,
    submittedBy: r.submittedBy,
    input: r.input,
  };
}

export default async function trainingJobRoutes(app: FastifyInstance): Promise<void> {
  const { config, jobs } = app.her2;
  const train = ['train'] as const;
  const readers = ['train', 'admin'] as const;

  await app.register(multipart, {
    limits: {
      fileSize: config.trainingBodyLimit,
      files: 3,
      fields: 4,
      fieldSize: config.bodyLimit,
      parts: 8,
    },
  });

  app.post(
    '',
    {
      bodyLimit: config.trainingBodyLimit,
      config: { auth: train },
      schema: { ...submitSchema, ...securityFor(train), description: securityFor(train).roleNote },
    },
    async (request, reply) => {
      let parsed: { request: TrainingRequest; activate: boolean };
      if (request.isMultipart()) {
        parsed = await readMultipart(request);
      } else {
        const b = request.body as TrainingJsonBody;
        parsed = {
          request: {
            cohortCsv: b.cohortCsv,
            ...(b.interCsv !== undefined ? { interCsv: b.interCsv } : {}),
            ...(b.intraCsv !== undefined ? { intraCsv: b.intraCsv } : {}),
            config: b.config ?? {},
            ...(b.cohortName !== undefined ? { cohortName: b.cohortName } : {}),
          },
          activate: b.activate === true,
        };
      }
      const record = await jobs.submit(parsed.request, {
        activate: parsed.activate,
        submittedBy: request.apiKey?.id ?? null,
      });
      return reply.code(202).header('location', `/v1/training-jobs/${record.id}`).send(jobView(record));
    },
  );

  app.get(
    '',
    {
      config: { auth: readers },
      schema: { ...listJobsSchema, ...securityFor(readers), description: securityFor(readers).roleNote },
    },
    async () => ({
      jobs: jobs.list().map(jobView),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      config: { auth: readers },
      schema: { ...getJobSchema, ...securityFor(readers), description: securityFor(readers).roleNote },
    },
    async (request) => {
      const r = jobs.get(request.params.id);
      if (!r) throw new HttpError(404, `training job ${request.params.id} not found`);
      return jobView(r);
    },
  );
}
