/**
 * TEST DOUBLE of the Trainer: each run follows the next scripted step (resolve with an artifact,
 * fail with a message, or hold until the test releases it). No worker thread, no real training.
 */
import type { ModelArtifact } from '../../src/model/artifact.js';
import type { Trainer, TrainingProgress, TrainingRequest } from '../../src/jobs/types.js';
import { makeFakeArtifact } from './fakeArtifact.js';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export type FakeStep =
  | { kind: 'succeed'; artifact: ModelArtifact }
  | { kind: 'fail'; message: string }
  /** Report progress, signal `started`, then wait for `release` (resolve with an artifact or reject). */
  | { kind: 'hold'; started: Deferred<void>; release: Deferred<ModelArtifact> };

export class FakeTrainer implements Trainer {
  readonly requests: TrainingRequest[] = [];
  private readonly steps: FakeStep[] = [];
  aborted = 0;

  /** Queue the behaviour of the next run(s). Without a step, a run succeeds with a fresh artifact. */
  next(step: FakeStep): this {
    this.steps.push(step);
    return this;
  }

  /** Queue a held run; returns its handles. */
  hold(): { started: Deferred<void>; release: Deferred<ModelArtifact> } {
    const h = { started: deferred<void>(), release: deferred<ModelArtifact>() };
    this.steps.push({ kind: 'hold', ...h });
    return h;
  }

  async run(
    request: TrainingRequest,
    onProgress: (p: TrainingProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelArtifact> {
    this.requests.push(request);
    const step = this.steps.shift() ?? {
      kind: 'succeed',
      artifact: makeFakeArtifact({ label: `run-${this.requests.length}` }),
    };
    onProgress({ stage: 'parsing cohort', percent: 5 });
    onProgress({ stage: 'feature selection', percent: 40 });
    if (step.kind === 'succeed') {
      onProgress({ stage: 'calibration', percent: 90 });
      return step.artifact;
    }
    if (step.kind === 'fail') throw new Error(step.message);
    step.started.resolve();
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => {
        this.aborted++;
        reject(new Error('aborted'));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([step.release.promise, aborted]);
  }
}
