/**
 * One JSON log line per request: request id, key id, model id, method, route template, status,
 * latency. Never the URL query, headers, body, patient identifiers or feature values (Fastify's own
 * request logging is disabled in src/app.ts).
 */
import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global.js';
import { decorateRouteConfig, routeConfigOf } from './routeConfig.js';

export default globalPlugin('her2-request-log', async function requestLogPlugin(app: FastifyInstance) {
  decorateRouteConfig(app);
  // Callback-style hooks: an async hook costs a promise and a microtask per request.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        keyId: request.apiKey?.id ?? null,
        modelId: request.modelId,
        method: request.method,
        route: routeConfigOf(request).url ?? 'unmatched',
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
    done();
  });
});
