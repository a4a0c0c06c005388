/**
 * API keys: configured as {id, key | sha256, roles}. Only sha256 digests are kept in memory; a
 * presented key is hashed and compared against every configured digest with crypto.timingSafeEqual
 * (no early exit), so the comparison time does not depend on which key (if any) matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../io/sha256.js';

/** `metrics`: GET /metrics only (a Prometheus scraper's key); `admin` may read it too. */
export const ROLES = ['predict', 'train', 'admin', 'metrics'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyConfig {
  id: string;
  /** The key itself, or ... */
  key?: string;
  /** ... the hex sha256 of the key (preferred: the configuration then holds no secret). */
  sha256?: string;
  roles: Role[];
}

export interface ApiKeyIdentity {
  id: string;
  roles: ReadonlySet<Role>;
}

interface StoredKey {
  identity: ApiKeyIdentity;
  digest: Buffer;
}

export { sha256Hex };

export class ApiKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyConfigError';
  }
}

/** Validate a parsed JSON value as a list of key configurations. */
export function parseApiKeyConfig(value: unknown): ApiKeyConfig[] {
  if (!Array.isArray(value))
    throw new ApiKeyConfigError('API keys must be a JSON array of {id, key|sha256, roles}');
  const seen = new Set<string>();
  return value.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null)
      throw new ApiKeyConfigError(`API key #${i}: not an object`);
    const { id, key, sha256, roles } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0)
      throw new ApiKeyConfigError(`API key #${i}: id must be a non-empty string`);
    if (seen.has(id)) throw new ApiKeyConfigError(`API key ${id}: duplicate id`);
    seen.add(id);
    if ((key === undefined) === (sha256 === undefined)) {
      throw new ApiKeyConfigError(`API key ${id}: give exactly one of key or sha256`);
    }
    if (key !== undefined && (typeof key !== 'string' || key.length < 16)) {
      throw new ApiKeyConfigError(`API key ${id}: key must be a string of at least 16 characters`);
    }
    if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256))) {
      throw new ApiKeyConfigError(`API key ${id}: sha256 must be 64 hex digits`);
    }
    if (
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every((r) => (ROLES as readonly unknown[]).includes(r))
    ) {
      throw new ApiKeyConfigError(`API key ${id}: roles must be a non-empty subset of ${ROLES.join(', ')}`);
    }
    return {
      id,
      ...(key !== undefined ? { key: key as string } : { sha256: (sha256 as string).toLowerCase() }),
      roles: roles as Role[],
    };
  });
}

export class ApiKeyVerifier {
  private readonly keys: StoredKey[];

  constructor(configs: readonly ApiKeyConfig[]) {
    this.keys = configs.map((c) => ({
      identity: { id: c.id, roles: new Set(c.roles) },
      digest: Buffer.from(c.sha256 ?? sha256Hex(c.key ?? ''), 'hex'),
    }));
  }

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /** The identity owning `presented`, or null. Compares against every key in constant time. */
  verify(presented: string): ApiKeyIdentity | null {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ApiKeyIdentity | null = null;
    for (const k of this.keys) {
      if (timingSafeEqual(digest, k.digest) && found === null) found = k.identity;
    }
    return found;
  }
}

/** Extract the presented key from `Authorization: Bearer <key>` or `x-api-key`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const x = headers['x-api-key'];
  if (typeof x === 'string' && x.length > 0) return x.trim();
  return undefined;
}
