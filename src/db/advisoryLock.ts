/**
 * Run `fn` while holding a PostgreSQL session advisory lock on a dedicated connection, so replicas
 * starting at once take turns (e.g. pg-boss creating its schema: its CREATE SCHEMA races otherwise).
 */
import type pg from 'pg';

/** Lock key of the queue's start ('HERQ' in ASCII), shared by every replica. */
export const QUEUE_START_LOCK_KEY = 0x48455251;

export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await fn();
    } finally {
      // A lost connection releases the lock by itself; destroy that client rather than pool it.
      await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((e: unknown) => (broken = e as Error));
    }
  } finally {
    client.release(broken);
  }
}
