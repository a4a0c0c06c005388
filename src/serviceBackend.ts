/**
 * Where the service keeps models and training jobs: the directory (embedded default, HER2_MODELS_DIR),
 * or with HER2_DATABASE_URL one PostgreSQL database shared by every replica (schema migrated at start
 * under an advisory lock, src/registry/openRegistry.ts; the registry's changes followed by
 * LISTEN/NOTIFY; jobs through pg-boss).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { BuildAppOptions } from './app.js';
import type { ServiceConfig } from './config.js';
import { DirectoryJobStore } from './jobs/directoryJobStore.js';
import { DirectoryJobSpool, JOB_SPOOL_DIR } from './jobs/jobSpool.js';
import { openSharedJobs } from './jobs/sharedJobs.js';
import { openModelRegistry } from './registry/openRegistry.js';
import { PostgresSiteAdaptationStore } from './registry/postgresSiteAdaptationStore.js';
import { DirectorySiteAdaptationStore } from './registry/siteAdaptationStore.js';

export type ServiceBackend = Pick<
  BuildAppOptions,
  'registry' | 'registryChanges' | 'siteStore' | 'jobStore' | 'jobSpool' | 'jobQueue' | 'jobLease'
> & {
  /** Where the registry is, for the start log (never a password). */
  description: string;
  /** Release connections, after the app closed (its running job settled). */
  close(): Promise<void>;
};

export async function openServiceBackend(config: ServiceConfig, logger: Logger): Promise<ServiceBackend> {
  const log = logger.child({ component: 'database' });
  const opened = await openModelRegistry(config, log);
  const common = {
    registry: opened.registry,
    siteStore: new DirectorySiteAdaptationStore(join(config.modelsDir, 'sites')),
    description: opened.description,
    close: opened.close,
  };
  if (!opened.pool) {
    return {
      ...common,
      jobStore: await DirectoryJobStore.open(join(config.modelsDir, 'jobs')),
      jobSpool: await DirectoryJobSpool.open(join(config.modelsDir, 'jobs', JOB_SPOOL_DIR)),
    };
  }
  try {
    const jobs = await openSharedJobs(opened.pool, config.jobLeaseSeconds, (e) =>
      log.error({ err: e }, 'job queue (pg-boss) error'),
    );
    return {
      ...common,
      siteStore: new PostgresSiteAdaptationStore(opened.pool),
      registryChanges: opened.changes,
      ...jobs,
    };
  } catch (e) {
    await opened.close();
    throw e;
  }
}
