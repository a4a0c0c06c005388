/**
 * Bring the schema up to date at start. Two replicas starting at once are safe: the whole run holds a
 * session advisory lock, so the second waits and then finds every migration applied. Each migration
 * and its schema_migrations row commit together.
 */
import type pg from 'pg';
import { type Migration, MIGRATIONS } from './migrations/index.js';

/** The advisory-lock key of migrations ('HER2' in ASCII), shared by every replica. */
export const MIGRATION_LOCK_KEY = 0x48455232;

export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

export async function runMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  assertOrdered(migrations);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...done].filter((v) => !known.has(v));
      if (unknown.length > 0) {
        throw new Error(
          `the database schema has migration(s) ${unknown.join(', ')} this version of the service does not know; ` +
            'run a newer version of the service or restore the database',
        );
      }
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            m.version,
            m.name,
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
        }
        applied.push(m.version);
      }
      return { applied, version: Math.max(0, ...migrations.map((m) => m.version)) };
    } finally {
      // A lost connection releases the lock by itself; destroy that client rather than pool it.
      await client
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch((e: unknown) => (broken = e as Error));
    }
  } finally {
    client.release(broken);
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration list out of order: entry ${i} has version ${m.version}`);
  });
}
