/**
 * Which model registry the service runs on: the directory (config.modelsDir, the embedded default) or,
 * with HER2_DATABASE_URL, PostgreSQL shared by several replicas (schema migrated at start, under an
 * advisory lock) with the feed of changes made by the other replicas.
 */
import type pg from 'pg';
import type { ServiceConfig } from '../config.js';
import { runMigrations } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { DirectoryModelRegistry } from './directoryRegistry.js';
import { HER2_STATUS_KIND, PostgresModelRegistry } from './postgresRegistry.js';
import { type FeedLog, PostgresChangeFeed, type RegistryChangeFeed } from './registryChangeFeed.js';
import type { ModelRegistry } from './types.js';

export interface OpenedRegistry {
  registry: ModelRegistry;
  /** Changes by other replicas (PostgreSQL only). */
  changes?: RegistryChangeFeed;
  /** The connection pool (PostgreSQL only), for other stores on the same database. */
  pool?: pg.Pool;
  /** Where the registry is, for the start log (never the password). */
  description: string;
  /** Release connections (after the app closed). */
  close(): Promise<void>;
}

/** host:port/database of a PostgreSQL URL, without user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.host}${u.pathname}`;
  } catch {
    return 'postgresql (unparsable URL)';
  }
}

export async function openModelRegistry(config: ServiceConfig, log: FeedLog): Promise<OpenedRegistry> {
  if (config.databaseUrl === null) {
    return {
      registry: await DirectoryModelRegistry.open(config.modelsDir),
      description: `directory ${config.modelsDir}`,
      close: async () => {},
    };
  }
  const url = config.databaseUrl;
  const where = describeDatabaseUrl(url);
  const pool = createPool(url, {
    onIdleError: (e) =>
      log.warn({ err: e.message }, 'a pooled database connection broke; it will be replaced'),
  });
  try {
    const { applied, version } = await runMigrations(pool);
    log.info({ database: where, applied, schemaVersion: version }, 'database schema up to date');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot open the model registry at ${where}: ${(e as Error).message}`, { cause: e });
  }
  const changes = new PostgresChangeFeed({ url, kind: HER2_STATUS_KIND, pollMs: config.registryPollMs, log });
  return {
    registry: new PostgresModelRegistry(pool, HER2_STATUS_KIND),
    changes,
    pool,
    description: where,
    close: () => pool.end(),
  };
}
