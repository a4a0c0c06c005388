/** Empties the registry tables of a migrated database, leaving it as migration 001 created it. */
import type pg from 'pg';

export async function emptyRegistryTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    TRUNCATE model_activations, model_active, model_artifacts, site_adaptations RESTART IDENTITY;
    INSERT INTO model_active (kind) VALUES ('her2-status');
  `);
}
