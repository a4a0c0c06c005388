/**
 * One contract for where site adaptations live, run on the memory, directory and PostgreSQL stores:
 * listed by model and site, replaced per site, removed with the model, nothing of another model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runMigrations } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { SITE_ADAPTATION_SCHEMA_VERSION, type SiteAdaptation } from '../../src/model/siteAdaptation.js';
import { PostgresSiteAdaptationStore } from '../../src/registry/postgresSiteAdaptationStore.js';
import {
  DirectorySiteAdaptationStore,
  MemorySiteAdaptationStore,
  type SiteAdaptationStore,
} from '../../src/registry/siteAdaptationStore.js';
import { usePostgres } from '../support/usePostgres.js';

const MODEL = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

function adaptation(modelId: string, site: string, gamma: number): SiteAdaptation {
  return {
    schemaVersion: SITE_ADAPTATION_SCHEMA_VERSION,
    modelId,
    site,
    createdAt: '2026-11-30T00:00:00.000Z',
    features: ['pet_a', 'pet_b'],
    reference: [
      { mean: 1, variance: 2 },
      { mean: 3, variance: 4 },
    ],
    effects: { eb: true, meanOnly: false, n: 25, gamma: [gamma, -gamma], delta: [1.5, 0.5] },
  };
}

const postgres = usePostgres();
let pool: pg.Pool;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-sites-store-'));
  pool = createPool(await postgres.freshDatabase('sites'));
  await runMigrations(pool);
});
afterAll(async () => {
  await pool.end();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => SiteAdaptationStore][] = [
  ['memory', () => new MemorySiteAdaptationStore()],
  ['directory', () => new DirectorySiteAdaptationStore(join(dir, String(Math.random()).slice(2)))],
  ['postgres', () => new PostgresSiteAdaptationStore(pool)],
];

describe.each(stores)('SiteAdaptationStore contract: %s', (_name, make) => {
  it('lists by model, sorted by site; replaces a site; forgets a deleted model', async () => {
    const store = make();
    await store.deleteModel(MODEL);
    await store.deleteModel(OTHER);
    expect(await store.list(MODEL)).toEqual([]);
    await store.put(adaptation(MODEL, 'site B', 0.5));
    await store.put(adaptation(MODEL, 'siteA', 0.25));
    await store.put(adaptation(OTHER, 'siteA', 9));
    expect((await store.list(MODEL)).map((a) => a.site)).toEqual(['site B', 'siteA']);
    await store.put(adaptation(MODEL, 'siteA', -1));
    const again = await store.list(MODEL);
    expect(again).toHaveLength(2);
    expect(again[1]).toEqual(adaptation(MODEL, 'siteA', -1));
    await store.deleteModel(MODEL);
    expect(await store.list(MODEL)).toEqual([]);
    expect(await store.list(OTHER)).toEqual([adaptation(OTHER, 'siteA', 9)]);
  });

  it('refuses an id that is not a model id', async () => {
    await expect(make().list('../x')).rejects.toThrow(/invalid model id/);
  });
});
