/** GET /healthz (the process is alive) and GET /readyz (a model is loaded). Both open. */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../plugins/auth.js';
import { HttpError } from '../plugins/errors.js';
import { errorResponses, modelInfo, modelInfoSchema } from './schemas.js';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { models } = app.her2;
  const open = { config: { auth: 'open' as const, rateLimit: false as const } };

  app.get(
    '/healthz',
    {
      ...open,
      schema: {
        tags: ['operations'],
        operationId: 'getLiveness',
        summary: 'Liveness: the process is up',
        ...securityFor('open'),
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', enum: ['ok'] } },
          },
        },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      ...open,
      schema: {
        tags: ['operations'],
        operationId: 'getReadiness',
        summary: 'Readiness: a model is loaded and predictions can be served',
        ...securityFor('open'),
        response: {
          200: {
            type: 'object',
            required: ['status', 'model'],
            properties: { status: { type: 'string', enum: ['ready'] }, model: modelInfoSchema },
          },
          ...errorResponses([503]),
        },
      },
    },
    async () => {
      const m = models.active;
      if (!m) throw new HttpError(503, `not ready: ${models.notReadyReason}`);
      return { status: 'ready' as const, model: modelInfo(m.artifact, m.id) };
    },
  );
}
