/**
 * The PostgreSQL connection pool (HER2_DATABASE_URL). Short connect and statement timeouts so that,
 * while the database is away, a write fails within seconds (503) instead of hanging the request.
 */
import pg from 'pg';

export interface PoolOptions {
  /** Connections kept by this process (default 10). */
  max?: number;
  /** Give up connecting after this (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Server-side limit of one statement (default 15000 ms). */
  statementTimeoutMs?: number;
  /** Called when an idle connection breaks (the database restarted); the pool replaces it. */
  onIdleError?: (e: Error) => void;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'her2-service',
  });
  // Without a listener, a broken idle connection (database restart) is an uncaught 'error' event that
  // ends the process; the pool discards that client by itself.
  pool.on('error', (e) => options.onIdleError?.(e));
  return pool;
}

/** Run `fn` in a transaction on one pooled client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'SERIALIZABLE' = 'READ COMMITTED',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch((re: unknown) => (broken = re as Error));
    throw e;
  } finally {
    // A client whose ROLLBACK failed is in an unknown state: destroy it rather than pool it.
    client.release(broken);
  }
}
