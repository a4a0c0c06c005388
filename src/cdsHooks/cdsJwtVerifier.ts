/**
 * Authentication of CDS Hooks calls (CDS Hooks 2.0, "Trusting CDS Clients"): the EHR signs a JWT with
 * its private key (RS384 or ES384; never `none`, never a shared-secret HMAC) carrying iss, aud (the
 * URL of the endpoint called), exp, iat and jti, and sends it as `Authorization: Bearer <JWT>`.
 *
 * The issuer must be on the configured allowlist; its public keys come from the JWKS URL configured
 * for it, or from the token's `jku` header only when that URL is allowlisted for the issuer (a `jku`
 * anyone can choose would let anyone sign). Signature and claims are checked by `jose`; each jti is
 * then remembered until the token expires, so a token is accepted once.
 */
import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
} from 'jose';
import type { CdsIssuerConfig } from './cdsConfig.js';
import { ReplayCache } from './replayCache.js';

/** The algorithms CDS Hooks recommends; asymmetric only. */
export const CDS_JWT_ALGORITHMS = ['RS384', 'ES384'] as const;

/** Clock skew tolerated between the EHR and this service. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A refused token: 401, or 429 when the replay set is full of unexpired tokens. */
export class CdsAuthError extends Error {
  constructor(
    readonly statusCode: 401 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'CdsAuthError';
  }
}

/** Who called, from a verified token (no patient data in a CDS Hooks JWT). */
export interface CdsCaller {
  iss: string;
  /** The client id, when the EHR sends one. */
  sub: string | null;
  jti: string;
  /** The healthcare organisation, when the EHR sends one. */
  tenant: string | null;
}

export interface CdsJwtVerifierOptions {
  issuers: Record<string, CdsIssuerConfig>;
  maxTokenLifetimeSeconds: number;
  maxRememberedTokens: number;
  /** Time allowed to fetch a JWKS (default 2000 ms). */
  jwksTimeoutMs?: number;
  /** The clock, in ms since the epoch (tests). */
  now?: () => number;
  /** How JWKS documents are fetched (default: fetch; tests serve the spec's example keys). */
  fetchJwks?: FetchImplementation;
}

const unauthorized = (message: string) => new CdsAuthError(401, message);

function bearerToken(authorization: string | undefined): string {
  const m = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m)
    throw unauthorized(
      'a CDS Hooks JWT is required: Authorization: Bearer <JWT signed by the EHR with RS384 or ES384>',
    );
  return m[1];
}

/** The token's header and claims, read before verification only to pick the issuer's keys. */
function peek(token: string): { alg: unknown; jku: unknown; iss: unknown } {
  try {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    return { alg: header.alg, jku: header.jku, iss: claims.iss };
  } catch (e) {
    throw unauthorized(`the bearer token is not a JWT: ${(e as Error).message}`);
  }
}

/** The URL as the configuration holds it (WHATWG-serialised), or null when `value` is none. */
function normalisedUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}

/** A sentence for a failed jose verification. */
function explain(e: unknown, iss: string, jwksUrl: string, audiences: readonly string[]): string {
  if (e instanceof joseErrors.JWTExpired) {
    return e.claim === 'iat'
      ? `the JWT was issued too long ago (iat); tokens are accepted for a few minutes`
      : `the JWT has expired (exp ${String(e.payload.exp)})`;
  }
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud')
      return `the JWT's aud ${JSON.stringify(e.payload.aud)} is not this endpoint (${audiences.join(' or ')})`;
    if (e.reason === 'missing') return `the JWT lacks the required claim "${e.claim}"`;
    return `the JWT's "${e.claim}" is not acceptable: ${e.message}`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed)
    return `the JWT's signature does not verify against the keys of issuer ${iss}`;
  if (e instanceof joseErrors.JWKSNoMatchingKey)
    return `no key in the JWKS of issuer ${iss} (${jwksUrl}) matches the JWT's kid and alg`;
  if (e instanceof joseErrors.JWKSTimeout)
    return `the JWKS of issuer ${iss} (${jwksUrl}) did not arrive in time`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed)
    return `the JWT's alg is not accepted (use ${CDS_JWT_ALGORITHMS.join(' or ')})`;
  if (e instanceof joseErrors.JOSEError) return `the JWT is not acceptable: ${e.message}`;
  return `could not read the JWKS of issuer ${iss} (${jwksUrl}): ${(e as Error).message}`;
}

export class CdsJwtVerifier {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  private readonly replay: ReplayCache;
  private readonly now: () => number;

  constructor(private readonly options: CdsJwtVerifierOptions) {
    this.replay = new ReplayCache(options.maxRememberedTokens);
    this.now = options.now ?? Date.now;
  }

  /** The caller of a request whose Authorization header is `authorization`, sent to one of `audiences`. */
  async verify(authorization: string | undefined, audiences: readonly string[]): Promise<CdsCaller> {
    const token = bearerToken(authorization);
    const { alg, jku, iss } = peek(token);
    if (!(CDS_JWT_ALGORITHMS as readonly unknown[]).includes(alg))
      throw unauthorized(
        `the JWT's alg ${JSON.stringify(alg)} is not accepted: CDS Hooks tokens are signed with ${CDS_JWT_ALGORITHMS.join(' or ')}`,
      );
    if (typeof iss !== 'string') throw unauthorized('the JWT lacks the required claim "iss"');
    const issuer = Object.hasOwn(this.options.issuers, iss) ? this.options.issuers[iss] : undefined;
    if (!issuer) throw unauthorized(`issuer ${JSON.stringify(iss)} is not on the allowlist of CDS clients`);
    let jwksUrl = issuer.jwks;
    if (jku !== undefined) {
      const href = normalisedUrl(jku);
      if (href === null || (href !== issuer.jwks && !issuer.jku.includes(href)))
        throw unauthorized(`the JWT's jku ${JSON.stringify(jku)} is not on the allowlist of issuer ${iss}`);
      jwksUrl = href;
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet(jwksUrl), {
        issuer: iss,
        audience: [...audiences],
        algorithms: [...CDS_JWT_ALGORITHMS],
        typ: 'JWT',
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: this.options.maxTokenLifetimeSeconds,
        currentDate: new Date(this.now()),
      }));
    } catch (e) {
      throw unauthorized(explain(e, iss, jwksUrl, audiences));
    }

    const nowSeconds = Math.floor(this.now() / 1000);
    const exp = payload.exp as number;
    if (exp - nowSeconds > this.options.maxTokenLifetimeSeconds)
      throw unauthorized(
        `the JWT expires ${exp - nowSeconds} s from now; at most ${this.options.maxTokenLifetimeSeconds} s are accepted`,
      );
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti === '')
      throw unauthorized('the JWT\'s "jti" must be a non-empty string');
    const verdict = this.replay.check(`${iss}\u0000${jti}`, exp + CLOCK_TOLERANCE_SECONDS, nowSeconds);
    if (verdict === 'replayed')
      throw unauthorized(`the JWT with jti ${JSON.stringify(jti)} was already used`);
    if (verdict === 'full')
      throw new CdsAuthError(429, 'too many unexpired CDS Hooks tokens are outstanding; retry in a minute');
    return {
      iss,
      sub: typeof payload.sub === 'string' ? payload.sub : null,
      jti,
      tenant: typeof payload.tenant === 'string' ? payload.tenant : null,
    };
  }

  /** The issuer's key set (fetched on first use, cached and refreshed by jose). */
  private keySet(url: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), {
        timeoutDuration: this.options.jwksTimeoutMs ?? 2000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
        ...(this.options.fetchJwks ? { [customFetch]: this.options.fetchJwks } : {}),
      });
      this.keySets.set(url, set);
    }
    return set;
  }
}
