/**
 * Where the service keeps models and training jobs: the directory (embedded default, HER2_MODELS_DIR),
 * or with HER2_DATABASE_URL one PostgreSQL database shared by every replica (schema migrated at start
 * under an advisory lock; the registry's changes followed by LISTEN/NOTIFY; jobs through pg-boss).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { BuildAppOptions } from './app.js';
import type { ServiceConfig } from './config.js';
import { runMigrations } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { DirectoryJobStore } from './jobs/directoryJobStore.js';
import { DirectoryJobSpool, JOB_SPOOL_DIR } from './jobs/jobSpool.js';
import { openSharedJobs } from './jobs/sharedJobs.js';
import { DirectoryModelRegistry } from './registry/directoryRegistry.js';
import { HER2_STATUS_KIND, PostgresModelRegistry } from './registry/postgresRegistry.js';
import { PostgresChangeFeed } from './registry/registryChangeFeed.js';

export type ServiceBackend = Pick<
  BuildAppOptions,
  'registry' | 'registryChanges' | 'jobStore' | 'jobSpool' | 'jobQueue' | 'jobLease'
> & {
  /** Release connections, after the app closed (its running job settled). */
  close(): Promise<void>;
};

export async function openServiceBackend(config: ServiceConfig, logger: Logger): Promise<ServiceBackend> {
  if (config.databaseUrl === null) {
    return {
      registry: await DirectoryModelRegistry.open(config.modelsDir),
      jobStore: await DirectoryJobStore.open(join(config.modelsDir, 'jobs')),
      jobSpool: await DirectoryJobSpool.open(join(config.modelsDir, 'jobs', JOB_SPOOL_DIR)),
      close: async () => undefined,
    };
  }
  const log = logger.child({ component: 'database' });
  const pool = createPool(config.databaseUrl, {
    onIdleError: (e) => log.warn({ err: e }, 'an idle database connection broke; it is replaced'),
  });
  try {
    await runMigrations(pool);
    const jobs = await openSharedJobs(pool, config.jobLeaseSeconds, (e) =>
      log.error({ err: e }, 'job queue (pg-boss) error'),
    );
    return {
      registry: new PostgresModelRegistry(pool),
      registryChanges: new PostgresChangeFeed({
        url: config.databaseUrl,
        kind: HER2_STATUS_KIND,
        pollMs: config.registryPollMs,
        log,
      }),
      ...jobs,
      close: () => pool.end(),
    };
  } catch (e) {
    await pool.end();
    throw e;
  }
}
