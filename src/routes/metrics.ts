/**
 * GET /metrics — Prometheus text exposition of the app's own registry. No patient data, but
 * prediction counts per HER2 class and model ids: when API keys are configured it needs a key with
 * the `metrics` (a scraper's) or `admin` role; without keys, like every route, it is open.
 */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../plugins/auth.js';
import { errorResponses } from './schemas.js';

const auth = ['metrics', 'admin'] as const;

export default async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/metrics',
    {
      config: { auth, rateLimit: false },
      schema: {
        tags: ['operations'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        ...securityFor(auth),
        description: `${securityFor(auth).roleNote} Open when the service runs without API keys.`,
        produces: ['text/plain'],
        response: {
          200: {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errorResponses([401, 403]),
        },
      },
    },
    async (_request, reply) => {
      const registry = app.metrics.registry;
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
}
