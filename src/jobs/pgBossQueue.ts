/**
 * The job queue on PostgreSQL through pg-boss 10 (Node 20): a job waits in pg-boss's tables until one
 * worker replica fetches it (SKIP LOCKED), one job at a time per replica (batchSize 1). The pg-boss job
 * carries the training job's id as its own, so withdrawing a queued job is pg-boss's cancel.
 * pg-boss's own expiry is not the lease: a training job may run for hours, so the lease is a heartbeat
 * on the job record (src/jobs/jobRunner.ts); a pg-boss retry of a job whose record is no longer queued
 * finds nothing to claim and ends at once, so no job runs twice.
 */
import PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { QUEUE_START_LOCK_KEY, withAdvisoryLock } from '../db/advisoryLock.js';
import type { JobQueue } from './jobQueue.js';

export const TRAINING_QUEUE = 'her2-training';

export interface PgBossQueueOptions {
  /** How often an idle worker asks for a job (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  onError?: (e: Error) => void;
}

interface TrainingJobData {
  jobId: string;
}

export class PgBossJobQueue implements JobQueue {
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: PgBossQueueOptions,
  ) {}

  /** Start pg-boss on `pool` (it creates or migrates its schema; one replica at a time). */
  static async open(pool: Pool, options: PgBossQueueOptions = {}): Promise<PgBossJobQueue> {
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schedule: false,
    });
    boss.on('error', (e: Error) => options.onError?.(e));
    // pg-boss's schema creation races between replicas starting on a fresh database (a duplicate
    // CREATE SCHEMA was seen here); under one advisory lock the second finds it made.
    await withAdvisoryLock(pool, QUEUE_START_LOCK_KEY, () => PgBossJobQueue.startAndCreateQueue(boss));
    return new PgBossJobQueue(boss, options);
  }

  private static async startAndCreateQueue(boss: PgBoss): Promise<void> {
    await boss.start();
    if (!(await boss.getQueue(TRAINING_QUEUE))) {
      try {
        // a claim that fails (database away) is retried; a job whose record is not queued ends at once
        await boss.createQueue(TRAINING_QUEUE, {
          name: TRAINING_QUEUE,
          retryLimit: 5,
          retryDelay: 5,
          expireInHours: 23,
        });
      } catch (e) {
        if (!(await boss.getQueue(TRAINING_QUEUE))) throw e; // else another replica created it first
      }
    }
  }

  waiting(): Promise<number> {
    return this.boss.getQueueSize(TRAINING_QUEUE);
  }

  async enqueue(jobId: string): Promise<void> {
    await this.boss.send(TRAINING_QUEUE, { jobId } satisfies TrainingJobData, { id: jobId });
  }

  async work(run: (jobId: string) => Promise<void>): Promise<void> {
    await this.boss.work<TrainingJobData>(
      TRAINING_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1 },
      async (jobs) => {
        this.inFlight++;
        try {
          for (const job of jobs) await run(job.data.jobId);
        } finally {
          this.inFlight--;
          if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
        }
      },
    );
  }

  async withdraw(jobId: string): Promise<void> {
    await this.boss.cancel(TRAINING_QUEUE, jobId);
  }

  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<string[]> {
    await this.boss.offWork(TRAINING_QUEUE);
    return []; // waiting jobs stay in the database for the other workers
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000, close: false });
  }
}
