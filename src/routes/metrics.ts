/** GET /metrics — Prometheus text exposition of the app's own registry. Open (no patient data in it). */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../plugins/auth.js';

export default async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/metrics',
    {
      config: { auth: 'open', rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        ...securityFor('open'),
        produces: ['text/plain'],
        response: {
          200: {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
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
