/**
 * One JSON log line per request: request id, key id, model id, method, route template, status,
 * latency. Never the URL query, headers, body, patient identifiers or feature values (Fastify's own
 * request logging is disabled in src/app.ts).
 */
import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global.js';

export default globalPlugin('her2-request-log', async function requestLogPlugin(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        keyId: request.apiKey?.id ?? null,
        modelId: request.modelId,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
});
