import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool } from '../../src/db/pool.js';
import { runMigrations } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { usePostgres } from '../support/usePostgres.js';

const pg_ = usePostgres();
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});
async function pool(url: string): Promise<pg.Pool> {
  const p = createPool(url, { max: 3 });
  pools.push(p);
  return p;
}

describe('runMigrations', () => {
  it('creates the schema once, records it in schema_migrations, and is a no-op the second time', async () => {
    const p = await pool(await pg_.freshDatabase());
    const first = await runMigrations(p);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
    const second = await runMigrations(p);
    expect(second).toEqual({ applied: [], version: first.version });
    const { rows } = await p.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = await p.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'model_activations',
      'model_active',
      'model_artifacts',
      'schema_migrations',
      'site_adaptations',
      'training_job_inputs',
      'training_jobs',
    ]);
  });

  it('is safe when several replicas start at once: each migration runs exactly once', async () => {
    const url = await pg_.freshDatabase();
    const replicas = await Promise.all([pool(url), pool(url), pool(url), pool(url)]);
    const results = await Promise.all(replicas.map((p) => runMigrations(p)));
    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await replicas[0].query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it('rolls back a failing migration and names it, leaving the earlier ones applied', async () => {
    const p = await pool(await pg_.freshDatabase());
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE x (); SELEC 1' },
    ];
    await expect(runMigrations(p, broken)).rejects.toThrow(
      new RegExp(`migration ${MIGRATIONS.length + 1} \\(broken\\) failed: syntax error`),
    );
    const { rows } = await p.query('SELECT max(version)::int AS v FROM schema_migrations');
    expect(rows[0].v).toBe(MIGRATIONS.length);
    const x = await p.query("SELECT to_regclass('public.x') AS t");
    expect(x.rows[0].t).toBeNull();
  });

  it('refuses a database migrated by a newer version of the service', async () => {
    const p = await pool(await pg_.freshDatabase());
    await runMigrations(p);
    await p.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')");
    await expect(runMigrations(p)).rejects.toThrow(
      /migration\(s\) 99 this version of the service does not know/,
    );
  });
});
