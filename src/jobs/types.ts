/**
 * Training jobs: what a request carries, how a trainer reports, what a job record holds.
 * The real trainer runs the pipeline in a child process under SCHED_IDLE (src/jobs/processTrainer.ts;
 * src/jobs/workerTrainer.ts is the worker-thread alternative); the job runner only calls
 * trainer.run(request, onProgress, signal).
 */
import type { ModelArtifact } from '../model/artifact.js';

export interface TrainingRequest {
  /** The cohort CSV (the format src/cohort/ parses). */
  cohortCsv: string;
  /** Optional inter-/intra-observer repeat segmentations (CSV). */
  interCsv?: string;
  intraCsv?: string;
  /** Pipeline configuration (opaque here; the pipeline validates it). */
  config: Record<string, unknown>;
  /** Human-readable name of the uploaded cohort (file name), for provenance. */
  cohortName?: string;
}

export interface TrainingProgress {
  stage: string;
  /** 0..100 */
  percent: number;
}

export interface Trainer {
  /**
   * Train a model. Resolves to the artifact; rejects with an Error whose public message (see
   * publicErrorMessage) is recorded in the job and shown to its readers.
   * Must stop (and reject) promptly when `signal` aborts.
   */
  run(
    request: TrainingRequest,
    onProgress: (p: TrainingProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelArtifact>;
}

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface ActivationOutcome {
  requested: boolean;
  activated: boolean;
  /** Why the model was (not) activated. */
  reason: string;
}

export interface JobRecord {
  id: string;
  state: JobState;
  stage: string;
  percent: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Failure or interruption message: file, row, line and column, never patient ids or cell values. */
  error?: string;
  /** The registered model, when the job succeeded. */
  modelId?: string;
  synthetic?: boolean;
  activation: ActivationOutcome;
  /**
   * Write-ahead note of the registry step, persisted before the model is registered and removed once
   * the record says how it ended; a restart that finds it completes the record from the registry
   * (src/jobs/registrationOutcome.ts).
   */
  registration?: PendingRegistration;
  /**
   * Who runs the job and until when (ISO time) the claim holds unless renewed; only on stores shared by
   * several replicas (src/jobs/jobLease.ts). Never shown to clients.
   */
  lease?: JobLease;
  /** DELETE /v1/training-jobs/:id asked the replica running this job to stop it. */
  cancelRequested?: boolean;
  /** API key that submitted the job (null when the service runs without keys). */
  submittedBy: string | null;
  input: {
    cohortName: string | null;
    cohortSha256: string;
    cohortBytes: number;
    inter: boolean;
    intra: boolean;
    config: Record<string, unknown>;
  };
}

export interface PendingRegistration {
  modelId: string;
  synthetic: boolean;
  /** Was the model to be activated (requested and the quality gate passed)? */
  activate: boolean;
  /** The quality gate's verdict, or why activation was not requested. */
  reason: string;
}

export interface JobLease {
  owner: string;
  expiresAt: string;
}

/** What a save by the lease holder found: whether it still holds the job, and whether a cancel is due. */
export interface HeldSave {
  held: boolean;
  cancelRequested: boolean;
}

/** A job still queued, or still running, is not final. */
export function isFinal(state: JobState): boolean {
  return state !== 'queued' && state !== 'running';
}

/**
 * Persistence of job records: a directory of <id>.json (embedded), memory, or PostgreSQL (shared by
 * replicas). The lease operations make a job run on exactly one replica and let a survivor take over the
 * jobs of a replica that died; each is atomic on its store. Times of leases are the store's clock.
 */
export interface JobStore {
  /** Insert or replace a record. */
  save(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  list(): Promise<JobRecord[]>;
  /** A queued job becomes running, held by `owner` for `leaseMs`; null when it is not queued (any more). */
  claim(id: string, owner: string, leaseMs: number): Promise<JobRecord | null>;
  /**
   * Replace the record of a job `owner` holds and renew the lease (a final state ends it). Changes
   * nothing when the job is not held by `owner` (held: false): a survivor took it over, it was cancelled
   * before it started, or it is final.
   */
  saveHeld(record: JobRecord, owner: string, leaseMs: number): Promise<HeldSave>;
  /**
   * Cancel: a queued job becomes cancelled at once (with `error`); a running one is flagged for its
   * holder, who stops it. Returns the record after, undefined when there is no such job.
   */
  requestCancel(id: string, error: string): Promise<JobRecord | undefined>;
  /** Running jobs whose lease has run out pass to `owner` for `leaseMs` (each to one caller only). */
  takeOverExpired(owner: string, leaseMs: number): Promise<JobRecord[]>;
}
