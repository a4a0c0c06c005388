import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { runMigrations } from '../../../src/db/migrate.js';
import { createPool } from '../../../src/db/pool.js';
import { PostgresJobStore } from '../../../src/jobs/postgresJobStore.js';
import { usePostgres } from '../../support/usePostgres.js';
import { describeJobStoreContract } from './jobStoreContract.js';

const postgres = usePostgres();
// Two pools on one database: two replicas. One database for the file, emptied before each test.
let pools: pg.Pool[] = [];
beforeAll(async () => {
  const url = await postgres.freshDatabase('jobstore');
  pools = [createPool(url, { max: 4 }), createPool(url, { max: 4 })];
  await runMigrations(pools[0]);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

describeJobStoreContract('PostgreSQL', async () => {
  await pools[0].query('TRUNCATE training_jobs, training_job_inputs');
  return { store: new PostgresJobStore(pools[0]), peer: new PostgresJobStore(pools[1]) };
});
