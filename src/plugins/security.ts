/**
 * Security headers (@fastify/helmet), CORS (off unless origins are configured) and per-key rate
 * limiting (@fastify/rate-limit keyed by API key id, by client IP without a key).
 *
 * Two header sets, both produced by @fastify/helmet once at startup (helmet builds its middleware
 * anew on every request, a large share of a small request's cost) and chosen per response by its
 * content type:
 * - HTML (Swagger UI, model reports): helmet's document protections with its default CSP, minus
 *   `upgrade-insecure-requests` (the service is often reached over plain HTTP inside a hospital
 *   network, and that directive would break Swagger UI there). Swagger UI sets its own, equally
 *   strict, CSP on /docs (src/plugins/swagger.ts), which is kept.
 * - Everything else (the JSON API): the set the OWASP REST Security Cheat Sheet asks of API
 *   responses: `Cache-Control: no-store` (predictions are patient data: no proxy or browser may keep
 *   them), a CSP that loads nothing and may not be framed, HSTS, nosniff, `X-Frame-Options: DENY`,
 *   no referrer, same-origin resource policy. Helmet's browser-document headers (DNS prefetch,
 *   download options, cross-domain policies, origin-agent-cluster, opener policy) mean nothing on a
 *   JSON body and are left off it.
 * A header the route already set (a static file's cache-control, Swagger UI's CSP) is left as is.
 */
import cors from '@fastify/cors';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
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

const HTML_HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
};

const API_HELMET: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  crossOriginEmbedderPolicy: false,
  originAgentCluster: false,
  dnsPrefetchControl: false,
  ieNoOpen: false,
  permittedCrossDomainPolicies: false,
  xssFilter: false,
};

/** The response headers @fastify/helmet sets with `options` (computed once). */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
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

/** Header sets by kind of response: [name, value] pairs, so setting them is one loop. */
export async function securityHeaderSets(): Promise<{
  html: [string, string][];
  api: [string, string][];
}> {
  const api = await helmetHeaders(API_HELMET);
  api['cache-control'] = 'no-store';
  return { html: Object.entries(await helmetHeaders(HTML_HELMET)), api: Object.entries(api) };
}

export default globalPlugin<SecurityOptions>(
  'her2-security',
  async function securityPlugin(app: FastifyInstance, opts) {
    const sets = await securityHeaderSets();
    // Callback-style hook: an async hook costs a promise and a microtask per request.
    app.addHook('onSend', (_request, reply, payload, done) => {
      const type = reply.getHeader('content-type');
      const set = typeof type === 'string' && type.startsWith('text/html') ? sets.html : sets.api;
      for (let i = 0; i < set.length; i++)
        if (!reply.hasHeader(set[i][0])) void reply.header(set[i][0], set[i][1]);
      done(null, payload);
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
