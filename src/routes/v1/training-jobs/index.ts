/**
 * POST /v1/training-jobs (multipart upload or JSON), GET /v1/training-jobs, GET /v1/training-jobs/:id,
 * DELETE /v1/training-jobs/:id (cancel).
 * Training itself runs in the job runner (src/jobs/), off the event loop.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QueueFullError } from '../../../jobs/jobRunner.js';
import type { JobRecord } from '../../../jobs/types.js';
import { readMultipartUpload } from './multipartUpload.js';
import { HttpError } from '../../../plugins/errors.js';
import { securityFor } from '../../../plugins/auth.js';
import { SYNTHETIC_WARNING } from '../../../registry/summary.js';
import {
  type TrainingJsonBody,
  cancelJobSchema,
  getJobSchema,
  listJobsSchema,
  submitSchema,
} from './schema.js';
import { checkTrainingConfig } from './trainingConfig.js';

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
    ...(r.cancelRequested && r.state === 'running' ? { cancelRequested: true } : {}),
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
  const limits = { requestBytes: config.trainingBodyLimit, fieldBytes: config.bodyLimit };

  await app.register(multipart, {
    limits: {
      // The whole request is held to trainingBodyLimit by readMultipartUpload; these bound each part.
      fileSize: config.trainingBodyLimit,
      files: 3,
      fields: 4,
      fieldSize: limits.fieldBytes,
      parts: 8,
    },
  });
  // JSON or multipart only: Fastify's default text/plain parser would hand the JSON handler a string.
  app.removeContentTypeParser('text/plain');

  /** Queue a multipart upload: its place in the queue first, then its files, streamed to the spool. */
  async function submitUpload(request: FastifyRequest, reply: FastifyReply): Promise<JobRecord> {
    const id = await jobs.reserve();
    try {
      const upload = await readMultipartUpload(request, limits, (file, content) =>
        jobs.spoolInput(id, file, content),
      );
      return await jobs.submitSpooled(id, upload.input, {
        activate: upload.activate,
        submittedBy: request.apiKey?.id ?? null,
      });
    } catch (e) {
      await jobs.release(id);
      // A refused upload may be cut off mid-body (413 at the limit): close the connection rather than
      // read the rest of what the client is still sending.
      void reply.header('connection', 'close');
      throw e;
    }
  }

  function submitJson(request: FastifyRequest): Promise<JobRecord> {
    const b = request.body as TrainingJsonBody;
    checkTrainingConfig(b.config ?? {});
    return jobs.submit(
      {
        cohortCsv: b.cohortCsv,
        ...(b.interCsv !== undefined ? { interCsv: b.interCsv } : {}),
        ...(b.intraCsv !== undefined ? { intraCsv: b.intraCsv } : {}),
        config: b.config ?? {},
        ...(b.cohortName !== undefined ? { cohortName: b.cohortName } : {}),
      },
      { activate: b.activate === true, submittedBy: request.apiKey?.id ?? null },
    );
  }

  app.post(
    '',
    {
      // Multipart bodies are streamed by the handler (limit: trainingBodyLimit); JSON is parsed whole.
      bodyLimit: config.trainingJsonBodyLimit,
      // Uploads have the server-wide allowance (uploadTimeoutMs), not the JSON routes' deadline.
      config: { auth: train, longBody: true },
      schema: { ...submitSchema, ...securityFor(train), description: securityFor(train).roleNote },
      // A full queue refuses the request before its body is read.
      preParsing: async () => {
        if (await jobs.isQueueFull()) throw new QueueFullError(config.maxQueuedJobs);
      },
    },
    async (request, reply) => {
      const record = request.isMultipart() ? await submitUpload(request, reply) : await submitJson(request);
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
      jobs: (await jobs.findAll()).map(jobView),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      config: { auth: readers },
      schema: { ...getJobSchema, ...securityFor(readers), description: securityFor(readers).roleNote },
    },
    async (request) => {
      const r = await jobs.find(request.params.id);
      if (!r) throw new HttpError(404, `training job ${request.params.id} not found`);
      return jobView(r);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/:id',
    {
      config: { auth: train },
      schema: { ...cancelJobSchema, ...securityFor(train), description: securityFor(train).roleNote },
    },
    async (request, reply) => {
      const c = await jobs.cancel(request.params.id);
      if (!c) throw new HttpError(404, `training job ${request.params.id} not found`);
      const r = c.record;
      if (c.outcome === 'already final')
        throw new HttpError(409, `training job ${r.id} has already ended (${r.state}); nothing to cancel`);
      if (c.outcome === 'stopping') return reply.code(202).send(jobView(r));
      return jobView(r);
    },
  );
}
