/**
 * An in-process "replica" for PostgreSQL tests: the real app (fake model loader) on its own pool and
 * change feed, sharing one database with the other replicas of the test.
 */
import type pg from 'pg';
import { createPool } from '../../src/db/pool.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { PostgresModelRegistry, HER2_STATUS_KIND } from '../../src/registry/postgresRegistry.js';
import { PostgresChangeFeed } from '../../src/registry/registryChangeFeed.js';
import type { ModelLoader } from '../../src/registry/modelService.js';
import { PostgresSiteAdaptationStore } from '../../src/registry/postgresSiteAdaptationStore.js';
import { type TestApp, makeTestApp } from '../helpers/testApp.js';

export interface Replica extends TestApp {
  pool: pg.Pool;
  feed: PostgresChangeFeed;
}

export interface ReplicaOptions {
  /** Registered (and the first activated) through this replica before it starts. */
  artifacts?: ModelArtifact[];
  /** Fallback tick (default 60 s: long enough that a test within it proves LISTEN/NOTIFY). */
  pollMs?: number;
  /** The model kind the feed passes on (another kind: only the fallback tick reaches the replica). */
  feedKind?: string;
  /** Builds predicting models (default: the fake loader). */
  modelLoader?: ModelLoader;
}

export async function startReplica(url: string, options: ReplicaOptions = {}): Promise<Replica> {
  const pool = createPool(url, { max: 4, connectTimeoutMs: 1000 });
  const feed = new PostgresChangeFeed({
    url,
    kind: options.feedKind ?? HER2_STATUS_KIND,
    pollMs: options.pollMs ?? 60_000,
    reconnectMs: 200,
  });
  const t = await makeTestApp({
    registry: new PostgresModelRegistry(pool),
    registryChanges: feed,
    siteStore: new PostgresSiteAdaptationStore(pool),
    artifacts: options.artifacts ?? [],
    ...(options.modelLoader && { modelLoader: options.modelLoader }),
  });
  await feed.listening();
  return {
    ...t,
    pool,
    feed,
    async close() {
      await t.close();
      await pool.end();
    },
  };
}
