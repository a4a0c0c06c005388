/**
 * The queue port: which job runs next, and on which replica. A job's record is saved (queued) before it
 * is enqueued; the replica that takes it claims the record (src/jobs/types.ts JobStore.claim) and runs
 * it. Embedded: InProcessJobQueue, jobs wait in this process's memory; on PostgreSQL: pg-boss
 * (src/jobs/pgBossQueue.ts), jobs wait in the database for any worker replica.
 */
export interface JobQueue {
  /** Jobs waiting to start, on every replica this queue serves. */
  waiting(): Promise<number>;
  enqueue(jobId: string): Promise<void>;
  /** Take jobs one at a time on this replica: each is handed to `run`, the next once it settles. */
  work(run: (jobId: string) => Promise<void>): Promise<void>;
  /** A job that has not started will not (no error when it has started, or is unknown). */
  withdraw(jobId: string): Promise<void>;
  /** Resolves when this replica runs no job and none waits here. */
  idle(): Promise<void>;
  /** Take no more jobs; returns those that were waiting only in this process (they end with it). */
  stop(): Promise<string[]>;
  /** Release connections, once the job in hand has settled. */
  close(): Promise<void>;
}

/** Jobs wait in this process, in order, and run one at a time. */
export class InProcessJobQueue implements JobQueue {
  private readonly pending: string[] = [];
  private running: Promise<void> | null = null;
  private run: ((jobId: string) => Promise<void>) | null = null;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  async waiting(): Promise<number> {
    return this.pending.length;
  }

  async enqueue(jobId: string): Promise<void> {
    this.pending.push(jobId);
    this.pump();
  }

  async work(run: (jobId: string) => Promise<void>): Promise<void> {
    this.run = run;
    this.pump();
  }

  async withdraw(jobId: string): Promise<void> {
    const i = this.pending.indexOf(jobId);
    if (i >= 0) this.pending.splice(i, 1);
  }

  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<string[]> {
    this.stopped = true;
    return this.pending.splice(0);
  }

  async close(): Promise<void> {
    await this.running;
  }

  private pump(): void {
    if (this.running || this.stopped || !this.run) {
      if (!this.running && this.pending.length === 0) this.notifyIdle();
      return;
    }
    const next = this.pending.shift();
    if (next === undefined) return this.notifyIdle();
    const run = this.run;
    this.running = run(next)
      .catch(() => undefined) // the runner records its own failures
      .finally(() => {
        this.running = null;
        this.pump();
      });
  }

  private notifyIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
