/**
 * API-key authentication and role-based authorization.
 *
 * Every route declares `config.auth`:
 *   'open'           no key needed (healthz, readyz, docs)
 *   'any'            any valid key (read-only model routes)
 *   Role[]           a key holding at least one of these roles
 *
 * A read-only route may also set `config.signedLink`: then an unexpired `?access=` signed for its
 * exact path (src/security/signedLinks.ts; the CDS cards' links) stands in for the key.
 *
 * The key is identified in onRequest (so rate limiting can key on it) and the requirement enforced in
 * preParsing, before any request body is read. With no keys configured, everything is open (the
 * server then binds to 127.0.0.1 only; see src/server.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiKeyIdentity, ApiKeyVerifier, type Role, presentedKey } from '../security/apiKeys.js';
import type { LinkSigner } from '../security/signedLinks.js';
import { HttpError } from './errors.js';
import { globalPlugin } from './global.js';
import { decorateRouteConfig, routeConfigOf } from './routeConfig.js';

export type AuthRequirement = 'open' | 'any' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
    /** A signed `access` query parameter for this exact path opens the route without a key. */
    signedLink?: boolean;
  }
  interface FastifyRequest {
    apiKey: ApiKeyIdentity | null;
    /** A key was presented but matched none. */
    apiKeyInvalid: boolean;
  }
}

/** OpenAPI `security` for a requirement, and a sentence for the route description. */
export function securityFor(req: AuthRequirement): {
  security?: Record<string, string[]>[];
  roleNote: string;
} {
  if (req === 'open') return { security: [], roleNote: 'No API key needed.' };
  const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
  if (req === 'any') return { security, roleNote: 'Needs any valid API key.' };
  return { security, roleNote: `Needs an API key with role ${req.join(' or ')}.` };
}

export function authorize(
  req: AuthRequirement,
  key: ApiKeyIdentity | null,
  invalidKey: boolean,
  enabled: boolean,
): void {
  if (!enabled || req === 'open') return;
  if (!key)
    throw new HttpError(
      401,
      invalidKey ? 'invalid API key' : 'an API key is required (Authorization: Bearer <key> or x-api-key)',
    );
  if (req === 'any') return;
  if (!req.some((r) => key.roles.has(r)))
    throw new HttpError(403, `API key ${key.id} lacks the role this route needs (${req.join(' or ')})`);
}

export interface AuthPluginOptions extends Record<string, unknown> {
  verifier: ApiKeyVerifier;
  links: LinkSigner;
  /** URL prefixes whose routes are open when they declare nothing (Swagger UI). Every other undeclared route needs a key. */
  openPrefixes: string[];
}

export default globalPlugin<AuthPluginOptions>(
  'her2-auth',
  async function authPlugin(app: FastifyInstance, opts) {
    const verifier = opts.verifier;
    app.addHook('onRoute', (route) => {
      const config = (route.config ??= {}) as { auth?: AuthRequirement };
      if (config.auth === undefined)
        config.auth = opts.openPrefixes.some((p) => route.url.startsWith(p)) ? 'open' : 'any';
    });
    app.decorateRequest('apiKey', null);
    app.decorateRequest('apiKeyInvalid', false);
    decorateRouteConfig(app);

    // Keys already verified, by the exact string presented. Only valid keys are kept (so the map is
    // no bigger than the key list and a flood of wrong keys cannot grow it); a wrong key always goes
    // through the verifier's constant-time comparison. The lookup compares a stored key's characters
    // only when its string hash matches, and a hit reveals only that the key is valid, which the
    // response says anyway.
    const verified = new Map<string, ApiKeyIdentity>();
    const identify = (presented: string): ApiKeyIdentity | null => {
      const known = verified.get(presented);
      if (known) return known;
      const id = verifier.verify(presented);
      if (id && verified.size < 1024) verified.set(presented, id);
      return id;
    };

    const signedFor = (request: FastifyRequest) =>
      opts.links.verify(
        request.url.split('?')[0],
        (request.query as { access?: unknown } | undefined)?.access,
      );

    // Callback-style hooks: an async hook costs a promise and a microtask per request.
    app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
      if (verifier.enabled) {
        const presented = presentedKey(request.headers);
        if (presented !== undefined) {
          const id = identify(presented);
          if (id) request.apiKey = id;
          else request.apiKeyInvalid = true;
        }
      }
      done();
    });
    app.addHook('preParsing', (request: FastifyRequest, _reply, payload, done) => {
      // Unmatched routes (404) have no auth config: they need a key too, so probing reveals nothing.
      const config = routeConfigOf(request);
      const req = config.auth ?? 'any';
      if (config.signedLink && !request.apiKey && signedFor(request)) {
        done(null, payload);
        return;
      }
      try {
        authorize(req, request.apiKey, request.apiKeyInvalid, verifier.enabled);
      } catch (e) {
        done(e as Error);
        return;
      }
      done(null, payload);
    });
  },
);
