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

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'interrupted'] as const;
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

/** Persistence of job records (embedded: a directory of <id>.json). */
export interface JobStore {
  save(record: JobRecord): Promise<void>;
  list(): Promise<JobRecord[]>;
}
