/**
 * API-key authentication and role-based authorization.
 *
 * Every route declares `config.auth`:
 *   'open'           no key needed (healthz, readyz, metrics, docs)
 *   'any'            any valid key (read-only model routes)
 *   Role[]           a key holding at least one of these roles
 *
 * The key is identified in onRequest (so rate limiting can key on it) and the requirement enforced in
 * preParsing, before any request body is read. With no keys configured, everything is open (the
 * server then binds to 127.0.0.1 only; see src/server.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiKeyIdentity, ApiKeyVerifier, type Role, presentedKey } from '../security/apiKeys.js';
import { HttpError } from './errors.js';
import { globalPlugin } from './global.js';

export type AuthRequirement = 'open' | 'any' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
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
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (!verifier.enabled) return;
      const presented = presentedKey(request.headers);
      if (presented === undefined) return;
      const id = verifier.verify(presented);
      if (id) request.apiKey = id;
      else request.apiKeyInvalid = true;
    });
    app.addHook('preParsing', async (request: FastifyRequest) => {
      // Unmatched routes (404) have no auth config: they need a key too, so probing reveals nothing.
      const req = request.routeOptions.config?.auth ?? 'any';
      authorize(req, request.apiKey, request.apiKeyInvalid, verifier.enabled);
    });
  },
);
