/**
 * Security headers (@fastify/helmet), CORS (off unless origins are configured) and per-key rate
 * limiting (@fastify/rate-limit keyed by API key id, by client IP without a key).
 *
 * Performance: @fastify/helmet builds a new helmet middleware on every request (a large share of a
 * small request's cost). The headers it produces depend only on the configuration, so they are taken
 * from @fastify/helmet once, at startup, and set from that fixed map on every response.
 *
 * CSP: helmet's defaults minus `upgrade-insecure-requests` (the service is often reached over plain
 * HTTP inside a hospital network, and that directive would break Swagger UI there). Swagger UI sets
 * its own, equally strict, policy on /docs (see src/plugins/swagger.ts).
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';
import { globalPlugin } from './global.js';

export interface SecurityOptions extends Record<string, unknown> {
  corsOrigins: string[];
  rateLimit: { max: number; timeWindowMs: number };
}

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  fontSrc: ["'self'", 'https:', 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", 'https:', "'unsafe-inline'"],
  upgradeInsecureRequests: null,
};

/** The response headers @fastify/helmet sets with our configuration (computed once). */
export async function helmetHeaders(): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES } });
  probe.get('/', async (_request, reply) => reply.code(204).send());
  const res = await probe.inject({ url: '/' });
  await probe.close();
  const plain = new Set(['content-length', 'date', 'connection', 'keep-alive', 'content-type']);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (!plain.has(name) && typeof value === 'string') out[name] = value;
  if (!out['content-security-policy'] || !out['x-content-type-options'])
    throw new Error('could not derive the security headers from @fastify/helmet');
  return out;
}

export default globalPlugin<SecurityOptions>(
  'her2-security',
  async function securityPlugin(app: FastifyInstance, opts) {
    const securityHeaders = await helmetHeaders();
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(securityHeaders);
      done();
    });
    if (opts.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: opts.corsOrigins,
        methods: ['GET', 'POST', 'DELETE'],
        allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'],
        exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After'],
      });
    }
    await app.register(rateLimit, {
      global: true,
      max: opts.rateLimit.max,
      timeWindow: opts.rateLimit.timeWindowMs,
      keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          context.statusCode,
          `rate limit exceeded: ${context.max} requests per ${context.after}; retry later`,
        ),
    });
  },
);
