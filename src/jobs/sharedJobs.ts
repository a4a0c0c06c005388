/**
 * Training jobs shared by the replicas of one PostgreSQL database: records and queued inputs in its
 * tables (src/db/migrations/), the queue in pg-boss. Each replica holds the jobs it runs under a lease
 * renewed every second (at most a third of the lease), which is also how often its progress reaches
 * the database and a cancel request made on another replica reaches it.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { JobQueue } from './jobQueue.js';
import type { JobLeaseOptions } from './jobRunner.js';
import type { JobSpool } from './jobSpool.js';
import { PgBossJobQueue } from './pgBossQueue.js';
import { PostgresJobSpool } from './postgresJobSpool.js';
import { PostgresJobStore } from './postgresJobStore.js';
import type { JobStore } from './types.js';

export interface SharedJobs {
  jobStore: JobStore;
  jobSpool: JobSpool;
  jobQueue: JobQueue;
  jobLease: JobLeaseOptions;
}

/** Renewal and sweep period of a lease: every second, and at least three times within the lease. */
export function jobLeaseOptions(
  leaseSeconds: number,
  owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
): JobLeaseOptions {
  const leaseMs = leaseSeconds * 1000;
  return { owner, leaseMs, heartbeatMs: Math.max(100, Math.min(1000, Math.floor(leaseMs / 3))) };
}

export async function openSharedJobs(
  pool: Pool,
  leaseSeconds: number,
  onQueueError?: (e: Error) => void,
): Promise<SharedJobs> {
  return {
    jobStore: new PostgresJobStore(pool),
    jobSpool: new PostgresJobSpool(pool),
    jobQueue: await PgBossJobQueue.open(pool, {
      pollingIntervalSeconds: 0.5,
      ...(onQueueError ? { onError: onQueueError } : {}),
    }),
    jobLease: jobLeaseOptions(leaseSeconds),
  };
}
