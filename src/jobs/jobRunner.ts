/**
 * The training job queue: one job at a time, the rest queued, records persisted through a JobStore.
 * A finished job registers its model; it becomes active only when the request asked for it and it
 * passes the quality gate. On start, jobs a previous process left queued or running are recorded as
 * interrupted; on shutdown the running job is aborted and recorded as interrupted.
 *
 * A queued job's input files wait in the spool (src/jobs/jobSpool.ts), not in memory: they are read
 * back when the job starts and removed when it ends, whatever the outcome. At most `maxQueued` jobs
 * wait behind the running one; an upload reserves its place before its body is read, so a full queue
 * refuses it before it costs anything.
 * Registering is write-ahead: the record names the model (JobRecord.registration) and is persisted
 * before the registry is touched, so a crash can never leave a model registered with no job linked
 * to it; on start such a record is completed from the registry (src/jobs/registrationOutcome.ts).
 *
 * Which job runs next is the JobQueue's (src/jobs/jobQueue.ts): in this process by default. With a
 * store shared by replicas (`lease` given; PostgreSQL), a replica claims a job's record before it runs
 * it and renews its lease every heartbeat, writing progress (every replica reads records from the
 * store) and reading the cancel flag; every replica takes over jobs whose lease ran out and settles them
 * (completed from the registry, else interrupted). A holder that lost its lease writes nothing more and
 * registers nothing: the job ran to completion nowhere else, and is not run again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ModelArtifact } from '../model/artifact.js';
import type { ModelService } from '../registry/modelService.js';
import type { FileContent } from '../io/fsLayer.js';
import { InProcessJobQueue, type JobQueue } from './jobQueue.js';
import type { JobSpool, SpoolFile } from './jobSpool.js';
import { publicErrorMessage } from './publicErrorMessage.js';
import { type QualityGateConfig, evaluateQualityGate } from './qualityGate.js';
import { registrationOutcome } from './registrationOutcome.js';
import {
  JOB_STATES,
  isFinal,
  type JobRecord,
  type JobState,
  type JobStore,
  type PendingRegistration,
  type Trainer,
  type TrainingProgress,
  type TrainingRequest,
} from './types.js';

export interface JobRunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobRunnerOptions {
  store: JobStore;
  /** Where queued jobs' input files wait. */
  spool: JobSpool;
  /** Most jobs waiting behind the running one (reservations included). */
  maxQueued: number;
  trainer: Trainer;
  models: ModelService;
  qualityGate: QualityGateConfig;
  log?: JobRunnerLogger;
  /** Default: an in-process queue (jobs wait in this process and end with it). */
  queue?: JobQueue;
  /** Given when the store is shared by several replicas: jobs are claimed and held under a lease. */
  lease?: JobLeaseOptions;
  /** Take jobs on this replica (default true); false serves only (`her2 serve --no-worker`). */
  worker?: boolean;
}

export interface JobLeaseOptions {
  /** This replica's name in the leases it holds. */
  owner: string;
  /** How long a claim holds without renewal (HER2_JOB_LEASE_SECONDS). */
  leaseMs: number;
  /** How often a holder renews its lease (writing progress, reading the cancel flag) and expired leases are swept. */
  heartbeatMs: number;
}

/** What a cancel did: cancelled a queued job, asked the running one to stop, or nothing (it had ended). */
export interface CancelOutcome {
  outcome: 'cancelled' | 'stopping' | 'already final';
  record: JobRecord;
}

/** The error of a cancelled job. */
const CANCELLED = 'cancelled by a request (DELETE /v1/training-jobs/:id)';

/** Why a running job's signal was aborted. */
type AbortReason = 'shutdown' | 'cancel' | 'lease lost';

/** The holder of a job lost its lease: the job is no longer its to write. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`the lease on training job ${jobId} was lost`);
    this.name = 'LeaseLostError';
  }
}

export interface SubmitOptions {
  activate: boolean;
  submittedBy: string | null;
}

const silent: JobRunnerLogger = { info() {}, warn() {}, error() {} };

export class JobShutdownError extends Error {
  constructor() {
    super('the service is shutting down; no new training jobs are accepted');
    this.name = 'JobShutdownError';
  }
}

/** Why a job could not be queued: the queue holds `maxQueued` jobs already. */
export class QueueFullError extends Error {
  /** Seconds a client should wait before trying again (a training job takes minutes). */
  readonly retryAfterSeconds = 60;
  constructor(readonly maxQueued: number) {
    super(`the training queue is full (${maxQueued} jobs waiting); try again later`);
    this.name = 'QueueFullError';
  }
}

/** What a job's spooled input is, as recorded in its job record. */
export interface SpooledInput {
  cohortSha256: string;
  cohortBytes: number;
  inter: boolean;
  intra: boolean;
  config: Record<string, unknown>;
  cohortName?: string;
}

export class JobRunner {
  /** Every record (embedded), or those this replica submitted, ran or settled (shared store). */
  private readonly records = new Map<string, JobRecord>();
  /** Jobs whose input is still being received (their place in the queue is held). */
  private readonly reserved = new Set<string>();
  private running: { id: string; controller: AbortController; done: Promise<void> } | null = null;
  private saveChain: Promise<unknown> = Promise.resolve();
  private closing = false;
  private readonly log: JobRunnerLogger;
  private readonly queue: JobQueue;
  private readonly lease: JobLeaseOptions | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  private constructor(private readonly opts: JobRunnerOptions) {
    this.log = opts.log ?? silent;
    this.queue = opts.queue ?? new InProcessJobQueue();
    this.lease = opts.lease;
  }

  /**
   * Embedded: load persisted records; a record with a registration note is completed from the registry
   * when its model got in, other jobs left queued or running by a previous process become interrupted.
   * Shared store: settle the jobs whose lease ran out, and keep doing so every heartbeat. Then take
   * jobs from the queue, unless this replica only serves.
   */
  static async open(opts: JobRunnerOptions): Promise<JobRunner> {
    const runner = new JobRunner(opts);
    if (opts.lease) await runner.startSharing(opts.lease);
    else await runner.recoverLocal();
    if (opts.worker !== false) await runner.queue.work((id) => runner.runJob(id));
    return runner;
  }

  /** Shared store: other replicas' jobs are theirs; those whose lease runs out are settled here. */
  private async startSharing(lease: JobLeaseOptions): Promise<void> {
    await this.sweepExpired();
    this.sweeper = setInterval(() => void this.sweepExpired(), lease.heartbeatMs);
    this.sweeper.unref();
  }

  /** Settle jobs whose holder stopped renewing its lease: completed from the registry, else interrupted. */
  private async sweepExpired(): Promise<void> {
    const lease = this.lease!;
    try {
      for (const r of await this.opts.store.takeOverExpired(lease.owner, lease.leaseMs)) {
        const seconds = Math.round(lease.leaseMs / 1000);
        const outcome = await this.registryOutcome(r, 'the replica running it stopped');
        this.records.set(r.id, r);
        if (outcome) this.finish(r, 'succeeded', outcome);
        else
          this.finish(r, 'interrupted', {
            error: `the replica running this job stopped (no heartbeat for ${seconds} s); submit it again`,
          });
        this.log.warn({ jobId: r.id, state: r.state }, 'training job of a stopped replica settled');
      }
    } catch (e) {
      this.log.error({ err: e }, 'sweeping expired training-job leases failed');
    }
    await this.saveChain;
  }

  /** Embedded: jobs a previous process left queued or running died with it. */
  private async recoverLocal(): Promise<void> {
    const opts = this.opts;
    for (const r of await opts.store.list()) {
      const hadNote = r.registration !== undefined;
      const outcome = await this.registryOutcome(r, 'the service stopped');
      if (outcome) {
        Object.assign(r, outcome, { state: 'succeeded' });
        delete r.error;
        r.finishedAt ??= new Date().toISOString();
        await opts.store.save(r);
        this.log.warn({ jobId: r.id, modelId: r.modelId }, 'training job completed from the registry');
      } else if (r.state === 'queued' || r.state === 'running') {
        const was = r.state;
        r.state = 'interrupted';
        r.error = `the service stopped while this job was ${was}; submit it again`;
        r.finishedAt = new Date().toISOString();
        await opts.store.save(r);
        this.log.warn({ jobId: r.id, was }, 'training job interrupted by a restart');
      } else if (hadNote) {
        await opts.store.save(r); // a failed job whose model never got in: drop the stale note
      }
      this.records.set(r.id, r);
    }
    await opts.spool.clear();
  }

  /** Are `maxQueued` jobs waiting (on every replica), uploads still arriving here included? */
  async isQueueFull(): Promise<boolean> {
    return (await this.queue.waiting()) + this.reserved.size >= this.opts.maxQueued;
  }

  /**
   * Hold a place in the queue for a job whose input is about to arrive; returns its id. Then
   * spoolInput() each file and submitSpooled(), or release() if the input turns out bad.
   */
  async reserve(): Promise<string> {
    if (this.closing) throw new JobShutdownError();
    if (await this.isQueueFull()) throw new QueueFullError(this.opts.maxQueued);
    const id = randomUUID();
    this.reserved.add(id);
    return id;
  }

  /** Write one input file of a reserved job to the spool (streamed when `content` is a stream). */
  async spoolInput(id: string, file: SpoolFile, content: FileContent): Promise<void> {
    if (!this.reserved.has(id)) throw new Error(`job ${id} has no reservation`);
    await this.opts.spool.write(id, file, content);
  }

  /** Give up a reservation and whatever was spooled for it. */
  async release(id: string): Promise<void> {
    if (!this.reserved.delete(id)) return;
    await this.opts.spool.remove(id);
  }

  /** Queue a training job given in memory (a JSON request): its files are spooled first. */
  async submit(request: TrainingRequest, options: SubmitOptions): Promise<JobRecord> {
    const id = await this.reserve();
    try {
      await this.spoolInput(id, 'cohort', request.cohortCsv);
      if (request.interCsv !== undefined) await this.spoolInput(id, 'inter', request.interCsv);
      if (request.intraCsv !== undefined) await this.spoolInput(id, 'intra', request.intraCsv);
      return await this.submitSpooled(
        id,
        {
          cohortSha256: createHash('sha256').update(request.cohortCsv, 'utf8').digest('hex'),
          cohortBytes: Buffer.byteLength(request.cohortCsv, 'utf8'),
          inter: request.interCsv !== undefined,
          intra: request.intraCsv !== undefined,
          config: request.config,
          ...(request.cohortName !== undefined ? { cohortName: request.cohortName } : {}),
        },
        options,
      );
    } catch (e) {
      await this.release(id);
      throw e;
    }
  }

  /** Queue a reserved job whose files are in the spool; resolves once its record is persisted. */
  async submitSpooled(id: string, input: SpooledInput, options: SubmitOptions): Promise<JobRecord> {
    if (!this.reserved.has(id)) throw new Error(`job ${id} has no reservation`);
    if (this.closing) throw new JobShutdownError();
    const record: JobRecord = {
      id,
      state: 'queued',
      stage: 'queued',
      percent: 0,
      createdAt: new Date().toISOString(),
      activation: {
        requested: options.activate,
        activated: false,
        reason: options.activate ? 'pending' : 'activation not requested',
      },
      submittedBy: options.submittedBy,
      input: {
        cohortName: input.cohortName ?? null,
        cohortSha256: input.cohortSha256,
        cohortBytes: input.cohortBytes,
        inter: input.inter,
        intra: input.intra,
        config: input.config,
      },
    };
    await this.persist(record);
    this.reserved.delete(id);
    this.records.set(record.id, record);
    this.log.info({ jobId: record.id, keyId: options.submittedBy }, 'training job queued');
    const snapshot = structuredClone(record);
    try {
      await this.queue.enqueue(record.id);
    } catch (e) {
      this.finish(record, 'failed', { error: 'the job could not be queued; submit it again' });
      throw e;
    }
    return snapshot;
  }

  get(id: string): JobRecord | undefined {
    const r = this.records.get(id);
    return r ? structuredClone(r) : undefined;
  }

  /** All jobs, newest first. */
  list(): JobRecord[] {
    return [...this.records.values()]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .map((r) => structuredClone(r));
  }

  counts(): Record<JobState, number> {
    return countByState(this.records.values());
  }

  /** A job as every replica sees it: from the store when it is shared, the one running here fresher. */
  async find(id: string): Promise<JobRecord | undefined> {
    if (!this.lease) return this.get(id);
    return (this.running?.id === id && this.get(id)) || this.opts.store.get(id);
  }

  /** All jobs, newest first, as every replica sees them. */
  async findAll(): Promise<JobRecord[]> {
    if (!this.lease) return this.list();
    const here = this.running && this.get(this.running.id);
    return (await this.opts.store.list())
      .map((r) => (here && r.id === here.id ? here : r))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  async countAll(): Promise<Record<JobState, number>> {
    return this.lease ? countByState(await this.opts.store.list()) : this.counts();
  }

  /**
   * Cancel a job: a queued one is cancelled at once, a running one is stopped by the replica running it
   * (here at once, elsewhere at its next heartbeat; a job already registering its model finishes).
   * Undefined when there is no such job.
   */
  async cancel(id: string): Promise<CancelOutcome | undefined> {
    const before = await this.find(id);
    if (!before) return undefined;
    if (isFinal(before.state)) return { outcome: 'already final', record: before };
    const error = CANCELLED;
    let r: JobRecord | undefined;
    if (!this.lease) {
      r = this.records.get(id)!;
      if (r.state === 'queued') {
        await this.queue.withdraw(id);
        this.finish(r, 'cancelled', { error });
        await this.saveChain; // answered once the record is saved and the input removed
      } else r.cancelRequested = true;
      r = structuredClone(r);
    } else {
      r = await this.opts.store.requestCancel(id, error);
      if (!r) return undefined;
      if (r.state === 'cancelled') {
        await this.queue.withdraw(id);
        this.discardInput(id);
        await this.saveChain;
      }
    }
    if (r.state === 'running' && this.running?.id === id && !this.records.get(id)?.registration)
      this.running.controller.abort('cancel' satisfies AbortReason);
    const outcome =
      r.state === 'cancelled' ? 'cancelled' : r.state === 'running' ? 'stopping' : 'already final';
    return { outcome, record: r };
  }

  /** Resolves when no job is running or queued here. */
  async whenIdle(): Promise<void> {
    await this.queue.idle();
    await this.saveChain;
  }

  /** Stop accepting jobs, abort the running one and record it and every queued one as interrupted. */
  async shutdown(reason = 'the service shut down while this job was'): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    const queued = await this.queue.stop();
    for (const id of queued) {
      const r = this.records.get(id);
      if (!r) continue;
      this.finish(r, 'interrupted', { error: `${reason} queued; submit it again` });
    }
    if (this.running) {
      const r = this.records.get(this.running.id);
      // a job already registering its model finishes that (the registry step is short) and says so
      if (r && !r.registration)
        this.finish(r, 'interrupted', { error: `${reason} running; submit it again` });
      this.running.controller.abort('shutdown' satisfies AbortReason);
      await this.running.done;
    }
    await this.saveChain;
    await this.queue.close();
  }

  /** Save a record; one this replica holds under a lease only while it holds it. */
  private persist(record: JobRecord): Promise<void> {
    const snapshot = structuredClone(record);
    const lease = this.lease && snapshot.lease?.owner === this.lease.owner ? this.lease : undefined;
    const p = this.saveChain.then(async () => {
      if (!lease) return this.opts.store.save(snapshot);
      const saved = await this.opts.store.saveHeld(snapshot, lease.owner, lease.leaseMs);
      const here = this.running?.id === snapshot.id ? this.running.controller : undefined;
      if (!saved.held) {
        here?.abort('lease lost' satisfies AbortReason);
        throw new LeaseLostError(snapshot.id);
      }
      if (saved.cancelRequested && !snapshot.registration) here?.abort('cancel' satisfies AbortReason);
    });
    this.saveChain = p.catch((e: unknown) =>
      this.log.error({ err: e, jobId: record.id }, 'could not persist training job record'),
    );
    return p;
  }

  private finish(r: JobRecord, state: JobState, fields: Partial<JobRecord>): void {
    if (r.state !== 'queued' && r.state !== 'running') return; // already final
    Object.assign(r, fields);
    if (state === 'succeeded') delete r.registration;
    r.state = state;
    r.finishedAt = new Date().toISOString();
    if (state !== 'succeeded' && r.activation.requested)
      r.activation = { ...r.activation, activated: false, reason: `job ${state}` };
    void this.persist(r);
    this.discardInput(r.id);
    // shared store: the record is read from there from now on
    if (this.lease) this.records.delete(r.id);
  }

  /** Remove a finished job's spooled files; queued after its record saves, so shutdown awaits it. */
  private discardInput(id: string): void {
    this.saveChain = this.saveChain
      .then(() => this.opts.spool.remove(id))
      .catch((e: unknown) =>
        this.log.error({ err: e, jobId: id }, 'could not remove spooled training input'),
      );
  }

  /** The request a spooled job was submitted with, read back from the spool. */
  private async readInput(r: JobRecord): Promise<TrainingRequest> {
    const spool = this.opts.spool;
    return {
      cohortCsv: await spool.read(r.id, 'cohort'),
      ...(r.input.inter ? { interCsv: await spool.read(r.id, 'inter') } : {}),
      ...(r.input.intra ? { intraCsv: await spool.read(r.id, 'intra') } : {}),
      config: r.input.config,
      ...(r.input.cohortName !== null ? { cohortName: r.input.cohortName } : {}),
    };
  }

  /** The queue's handler: run one job here, to its end. */
  private async runJob(id: string): Promise<void> {
    // handed a job while shutting down: refuse it, so the queue gives it to another replica
    if (this.closing) throw new JobShutdownError();
    const controller = new AbortController();
    const done = this.execute(id, controller);
    this.running = { id, controller, done };
    try {
      await done;
    } finally {
      this.running = null;
    }
  }

  /** The job's record, now this replica's to run: claimed on a shared store (null: not queued any more). */
  private async take(id: string): Promise<JobRecord | null> {
    if (!this.lease) return this.records.get(id) ?? null;
    // a claim that throws (database away) is the queue's to retry; after it, nothing is thrown
    const r = await this.opts.store.claim(id, this.lease.owner, this.lease.leaseMs);
    if (r) this.records.set(id, r);
    return r;
  }

  private async execute(id: string, controller: AbortController): Promise<void> {
    const signal = controller.signal;
    const r = await this.take(id);
    if (!r) return;
    const heartbeat =
      this.lease && setInterval(() => void this.persist(r).catch(() => undefined), this.lease.heartbeatMs);
    try {
      await this.executeTaken(r, signal);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async executeTaken(r: JobRecord, signal: AbortSignal): Promise<void> {
    const id = r.id;
    let request: TrainingRequest;
    try {
      request = await this.readInput(r);
    } catch (e) {
      this.finish(r, 'failed', { error: 'the uploaded input could not be read back from the spool' });
      this.log.error({ jobId: id, err: e }, 'reading a spooled training input failed');
      return;
    }
    r.state = 'running';
    r.stage = 'starting';
    r.startedAt = new Date().toISOString();
    void this.persist(r);
    this.log.info({ jobId: id }, 'training job started');
    const onProgress = (p: TrainingProgress): void => {
      if (r.state !== 'running') return;
      const percent = Math.max(0, Math.min(100, Number.isFinite(p.percent) ? p.percent : 0));
      const stageChanged = p.stage !== r.stage;
      r.stage = String(p.stage);
      r.percent = percent;
      if (stageChanged) void this.persist(r);
    };
    let artifact: ModelArtifact;
    try {
      artifact = await this.opts.trainer.run(request, onProgress, signal);
    } catch (e) {
      if (signal.aborted || this.closing) {
        this.finishAborted(r, signal.reason as AbortReason);
      } else {
        this.finish(r, 'failed', { error: publicErrorMessage(e) });
        this.log.warn({ jobId: id }, 'training job failed');
      }
      return;
    }
    if (signal.aborted || r.state !== 'running') return this.finishAborted(r, signal.reason as AbortReason);
    try {
      await this.complete(r, artifact);
    } catch (e) {
      this.finish(r, 'failed', {
        error: `training finished but the model could not be registered: ${(e as Error).message}`,
      });
      this.log.error({ jobId: id, err: e }, 'registering the trained model failed');
    }
  }

  /** A job whose signal was aborted: cancelled, interrupted, or no longer ours to record (lease lost). */
  private finishAborted(r: JobRecord, reason: AbortReason): void {
    if (reason === 'lease lost') {
      this.log.warn({ jobId: r.id }, 'training job stopped: this replica lost its lease');
      this.discardInput(r.id);
      return;
    }
    if (reason === 'cancel') this.finish(r, 'cancelled', { error: CANCELLED });
    else this.finish(r, 'interrupted', { error: r.error ?? 'training was interrupted' });
  }

  /**
   * If `r` carries a write-ahead registration note, drop it and read the outcome from the registry:
   * the final fields of a succeeded job linked to its model (activated iff the active pointer names
   * it), or null when the model never reached the registry.
   */
  private async registryOutcome(r: JobRecord, stopped: string): Promise<Partial<JobRecord> | null> {
    const note = r.registration;
    if (!note) return null;
    const registry = this.opts.models.registry;
    const registered = await registry.has(note.modelId);
    const activeId = (await registry.getActive())?.id ?? null;
    delete r.registration;
    const outcome = registrationOutcome(note, r.activation.requested, registered, activeId, stopped);
    return outcome && { ...outcome, stage: 'done', percent: 100 };
  }

  /** The registry step's plan: activate only when requested and the quality gate passes. */
  private planRegistration(r: JobRecord, artifact: ModelArtifact): PendingRegistration {
    const note = {
      modelId: artifact.id,
      synthetic: artifact.synthetic,
      activate: false,
      reason: r.activation.reason,
    };
    if (!r.activation.requested) return note;
    const active = this.opts.models.active;
    const gate = evaluateQualityGate(
      artifact,
      active && active.id !== artifact.id ? active.artifact : null,
      this.opts.qualityGate,
    );
    return gate.passed
      ? { ...note, activate: true, reason: gate.reason }
      : { ...note, reason: `${gate.reason}; the model stays registered but inactive` };
  }

  private async complete(r: JobRecord, artifact: ModelArtifact): Promise<void> {
    const models = this.opts.models;
    const note = this.planRegistration(r, artifact);
    r.registration = note;
    r.stage = 'registering';
    // Write-ahead: if this record cannot be saved, nothing is registered (execute records the failure).
    await this.persist(r);
    try {
      await models.register(artifact);
      if (note.activate) await models.activate(artifact.id);
    } catch (e) {
      // Half-way: the registry says whether the model got in (then the job links to it) or not.
      const stopped = `the registry step failed (${(e as Error).message})`;
      const outcome = await this.registryOutcome(r, stopped).catch(() => null);
      if (!outcome) throw e;
      this.finish(r, 'succeeded', outcome);
      this.log.error({ jobId: r.id, modelId: r.modelId, err: e }, 'activating the trained model failed');
      return;
    }
    this.finish(r, 'succeeded', {
      modelId: artifact.id,
      synthetic: artifact.synthetic,
      stage: 'done',
      percent: 100,
      activation: { requested: r.activation.requested, activated: note.activate, reason: note.reason },
    });
    this.log.info({ jobId: r.id, modelId: artifact.id, activated: note.activate }, 'training job succeeded');
  }
}

function countByState(records: Iterable<JobRecord>): Record<JobState, number> {
  const c = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const r of records) c[r.state]++;
  return c;
}
