import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { ArtifactIntegrityError, PostgresModelRegistry } from '../../src/registry/postgresRegistry.js';
import { ActiveModelError, ModelNotFoundError } from '../../src/registry/types.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { usePostgres } from '../support/embeddedPostgres.js';
import { emptyRegistryTables } from '../support/registryTables.js';
import { describeModelRegistryContract } from './registryContract.js';

const postgres = usePostgres();
// Two pools on one database: two replicas. One database for the file, emptied before each test
// (cheaper than CREATE DATABASE per test on a busy machine).
let pools: pg.Pool[] = [];
beforeAll(async () => {
  const url = await postgres.freshDatabase('contract');
  pools = [createPool(url, { max: 4 }), createPool(url, { max: 4 })];
  await runMigrations(pools[0]);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

describeModelRegistryContract('PostgreSQL', async () => {
  await emptyRegistryTables(pools[0]);
  return { registry: new PostgresModelRegistry(pools[0]), peer: new PostgresModelRegistry(pools[1]) };
});

describe('PostgresModelRegistry beyond the contract', () => {
  const a1 = makeFakeArtifact({ label: 'pg1', createdAt: '2025-01-01T00:00:00.000Z' });
  const a2 = makeFakeArtifact({ label: 'pg2', createdAt: '2025-02-01T00:00:00.000Z' });
  const a3 = makeFakeArtifact({ label: 'pg3', createdAt: '2025-03-01T00:00:00.000Z' });

  it('stores each artifact with the sha256 of its text and kind her2-status', async () => {
    await emptyRegistryTables(pools[0]);
    await new PostgresModelRegistry(pools[0]).put(a1);
    const { rows } = await pools[0].query('SELECT kind, sha256, body FROM model_artifacts');
    expect(rows).toHaveLength(1);
    expect(rows[0].kind).toBe('her2-status');
    expect(rows[0].sha256).toBe(createHash('sha256').update(rows[0].body).digest('hex'));
    expect(JSON.parse(rows[0].body)).toEqual(a1);
  });

  it('refuses to load an artifact altered in the database, and keeps the active pointer', async () => {
    await emptyRegistryTables(pools[0]);
    const registry = new PostgresModelRegistry(pools[0]);
    await registry.put(a1);
    await registry.setActive(a1.id);
    await pools[0].query(
      `UPDATE model_artifacts SET body = replace(body, '"synthetic":true', '"synthetic":false')`,
    );
    const err = await registry.get(a1.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactIntegrityError);
    expect((err as Error).message).toMatch(
      new RegExp(`^model ${a1.id}: the stored artifact does not match its sha256`),
    );
    expect((await registry.getActive())?.id).toBe(a1.id);
  });

  it('records every pointer change in model_activations, also under concurrency', async () => {
    await emptyRegistryTables(pools[0]);
    const [r, peer] = pools.map((p) => new PostgresModelRegistry(p));
    for (const a of [a1, a2, a3]) await r.put(a);
    await r.setActive(a1.id);
    await Promise.all([r.setActive(a2.id), peer.setActive(a3.id)]);
    await peer.rollback();
    const history = await r.history();
    expect(history.map((h) => h.action)).toEqual(['activate', 'activate', 'activate', 'rollback']);
    // Each change names the pointer it replaced: the chain is unbroken whichever replica won.
    for (let i = 1; i < history.length; i++) expect(history[i].previousModelId).toBe(history[i - 1].modelId);
    expect(history[0].previousModelId).toBeNull();
    expect(history.at(-1)?.modelId).toBe((await r.getActive())?.id);
  });

  it('a delete racing an activation of the same model never leaves a pointer to a missing artifact', async () => {
    await emptyRegistryTables(pools[0]);
    const [r, peer] = pools.map((p) => new PostgresModelRegistry(p));
    for (const a of [a1, a2]) await r.put(a);
    await r.setActive(a1.id);
    const [act, del] = await Promise.allSettled([r.setActive(a2.id), peer.delete(a2.id)]);
    const active = await r.getActive();
    if (act.status === 'fulfilled') {
      expect(active?.id).toBe(a2.id);
      expect(del.status === 'rejected' && del.reason).toBeInstanceOf(ActiveModelError);
    } else {
      expect(act.reason).toBeInstanceOf(ModelNotFoundError);
      expect(active?.id).toBe(a1.id);
    }
    expect(await r.get(active!.id)).toBeDefined();
  });
});
