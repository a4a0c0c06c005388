/**
 * CDS Hooks configuration: who may call the CDS routes (issuers and their JWKS) and which FHIR
 * servers the service may read from. Parsed from the config file (`cdsHooks:`) or the environment:
 *
 *   HER2_CDS_BASE_URL        this service's public base URL, e.g. https://her2.example.org (the JWT `aud`
 *                            is this plus /cds-services/...); without it the CDS routes answer 503
 *   HER2_CDS_ISSUERS         JSON {"<iss>": "<JWKS URL>"} or {"<iss>": {"jwks": "<URL>", "jku": ["<URL>", ...]}}:
 *                            the EHRs trusted to call; a token's `jku` header is honoured only when it is the
 *                            issuer's JWKS URL or listed in its `jku`
 *   HER2_CDS_FHIR_SERVERS    comma-separated FHIR base URLs the service may read from when prefetch is
 *                            missing (a request's fhirServer must start with one of them)
 *   HER2_CDS_FHIR_TIMEOUT_MS time allowed for all FHIR reads of one request (default 1500)
 *   HER2_CDS_LINK_SECRET     at least 32 characters: signs the cards' links to the model card and report
 *                            (src/security/signedLinks.ts), so a clinician can open them without an API
 *                            key; every replica needs the same one. Unset: a random secret per process
 *   HER2_CDS_LINK_TTL_SECONDS how long a card's links stay valid (default 28800, 8 hours)
 */

export interface CdsIssuerConfig {
  /** The issuer's JWK Set. */
  jwks: string;
  /** JWK Set URLs a token's `jku` header may name (the `jwks` URL always may). */
  jku: string[];
}

export interface CdsHooksConfig {
  baseUrl: string | null;
  issuers: Record<string, CdsIssuerConfig>;
  fhirServers: string[];
  fhirTimeoutMs: number;
  /** Tokens whose exp lies further ahead than this are refused (the replay set keeps each jti until exp). */
  maxTokenLifetimeSeconds: number;
  /** Unexpired jtis remembered at most; past it new tokens are refused with 429 until some expire. */
  maxRememberedTokens: number;
  /** Signs the cards' links (null: a random secret per process, so links work only on that replica). */
  linkSecret: string | null;
  linkTtlSeconds: number;
}

export const DEFAULT_CDS_HOOKS_CONFIG: Readonly<CdsHooksConfig> = Object.freeze({
  baseUrl: null,
  issuers: {},
  fhirServers: [],
  fhirTimeoutMs: 1500,
  // The spec's example tokens live five minutes; a little slack for clock skew.
  maxTokenLifetimeSeconds: 600,
  maxRememberedTokens: 100_000,
  linkSecret: null,
  // A clinician's shift: a card read in the morning still opens its links in the afternoon.
  linkTtlSeconds: 8 * 3600,
});

export class CdsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdsConfigError';
  }
}

function httpUrl(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CdsConfigError(`${what} must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CdsConfigError(`${what} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CdsConfigError(`${what} must be an http(s) URL, got ${JSON.stringify(value)}`);
  if (url.username || url.password) throw new CdsConfigError(`${what} must not carry credentials`);
  return url.href;
}

/** The URL without a trailing slash (so base + "/cds-services" has exactly one). */
function withoutTrailingSlash(href: string): string {
  return href.endsWith('/') ? href.slice(0, -1) : href;
}

function parseIssuers(value: unknown): Record<string, CdsIssuerConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CdsConfigError('cdsHooks.issuers must be an object {"<iss>": "<JWKS URL>" | {jwks, jku}}');
  const out: Record<string, CdsIssuerConfig> = {};
  for (const [iss, entry] of Object.entries(value as Record<string, unknown>)) {
    if (iss === '') throw new CdsConfigError('cdsHooks.issuers: an issuer must not be empty');
    if (typeof entry === 'string') {
      out[iss] = { jwks: httpUrl(entry, `cdsHooks.issuers["${iss}"]`), jku: [] };
      continue;
    }
    if (typeof entry !== 'object' || entry === null)
      throw new CdsConfigError(`cdsHooks.issuers["${iss}"] must be a JWKS URL or {jwks, jku}`);
    const { jwks, jku } = entry as { jwks?: unknown; jku?: unknown };
    if (jku !== undefined && !Array.isArray(jku))
      throw new CdsConfigError(`cdsHooks.issuers["${iss}"].jku must be an array of URLs`);
    out[iss] = {
      jwks: httpUrl(jwks, `cdsHooks.issuers["${iss}"].jwks`),
      jku: (jku ?? []).map((u, i) => httpUrl(u, `cdsHooks.issuers["${iss}"].jku[${i}]`)),
    };
  }
  return out;
}

function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    throw new CdsConfigError(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

function linkSecret(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || Buffer.byteLength(v) < 32)
    throw new CdsConfigError(
      'cdsHooks.linkSecret (HER2_CDS_LINK_SECRET) must be a string of at least 32 bytes',
    );
  return v;
}

/** Defaults merged with `overrides`, every field checked. */
export function resolveCdsHooksConfig(overrides: Partial<CdsHooksConfig> = {}): CdsHooksConfig {
  const c = { ...DEFAULT_CDS_HOOKS_CONFIG, ...overrides };
  if (!Array.isArray(c.fhirServers))
    throw new CdsConfigError('cdsHooks.fhirServers must be an array of FHIR base URLs');
  return {
    baseUrl:
      c.baseUrl === null || c.baseUrl === undefined
        ? null
        : withoutTrailingSlash(httpUrl(c.baseUrl, 'cdsHooks.baseUrl')),
    issuers: parseIssuers(c.issuers),
    fhirServers: c.fhirServers.map((u, i) => withoutTrailingSlash(httpUrl(u, `cdsHooks.fhirServers[${i}]`))),
    fhirTimeoutMs: positiveInt(c.fhirTimeoutMs, 'cdsHooks.fhirTimeoutMs'),
    maxTokenLifetimeSeconds: positiveInt(c.maxTokenLifetimeSeconds, 'cdsHooks.maxTokenLifetimeSeconds'),
    maxRememberedTokens: positiveInt(c.maxRememberedTokens, 'cdsHooks.maxRememberedTokens'),
    linkSecret: linkSecret(c.linkSecret),
    linkTtlSeconds: positiveInt(c.linkTtlSeconds, 'cdsHooks.linkTtlSeconds'),
  };
}

/** The CDS settings the environment gives, over `base` (from the config file). */
export function cdsHooksConfigFromEnv(
  env: NodeJS.ProcessEnv,
  base: Partial<CdsHooksConfig> = {},
): Partial<CdsHooksConfig> {
  const o: Partial<CdsHooksConfig> = { ...base };
  if (env.HER2_CDS_BASE_URL) o.baseUrl = env.HER2_CDS_BASE_URL;
  if (env.HER2_CDS_ISSUERS) {
    try {
      o.issuers = JSON.parse(env.HER2_CDS_ISSUERS) as Record<string, CdsIssuerConfig>;
    } catch (e) {
      throw new CdsConfigError(`HER2_CDS_ISSUERS is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (env.HER2_CDS_FHIR_SERVERS !== undefined) {
    o.fhirServers = env.HER2_CDS_FHIR_SERVERS.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  const number = (name: string): number | undefined => {
    const text = env[name];
    if (!text) return undefined;
    const v = Number(text);
    if (!Number.isFinite(v)) throw new CdsConfigError(`${name} must be a number, got ${text}`);
    return v;
  };
  const timeout = number('HER2_CDS_FHIR_TIMEOUT_MS');
  if (timeout !== undefined) o.fhirTimeoutMs = timeout;
  if (env.HER2_CDS_LINK_SECRET) o.linkSecret = env.HER2_CDS_LINK_SECRET;
  const ttl = number('HER2_CDS_LINK_TTL_SECONDS');
  if (ttl !== undefined) o.linkTtlSeconds = ttl;
  return o;
}
