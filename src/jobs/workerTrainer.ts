/**
 * A Trainer that runs each training request in its own worker_threads Worker, so training never
 * blocks the event loop. Aborting terminates the worker. The worker module must call
 * serveTrainingInWorker (src/jobs/workerProtocol.ts).
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ModelArtifact } from '../model/artifact.js';
import { workerEntry } from '../workers/workerEntry.js';
import type { FromWorker, ToWorker } from './workerProtocol.js';
import type { Trainer, TrainingProgress, TrainingRequest } from './types.js';

export interface WorkerTrainerOptions {
  /**
   * The worker module, e.g. new URL('./trainingWorker.js', import.meta.url): the compiled .js in
   * production; from source, the .ts beside it is run through tsx.
   */
  workerUrl: URL;
  resourceLimits?: ResourceLimits;
}

export function createWorkerTrainer(options: WorkerTrainerOptions): Trainer {
  return {
    run(
      request: TrainingRequest,
      onProgress: (p: TrainingProgress) => void,
      signal: AbortSignal,
    ): Promise<ModelArtifact> {
      return new Promise<ModelArtifact>((resolve, reject) => {
        if (signal.aborted) {
          reject(new Error('training was aborted'));
          return;
        }
        const worker = new Worker(workerEntry(options.workerUrl), { resourceLimits: options.resourceLimits });
        let settled = false;
        const settle = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          fn();
          void worker.terminate();
        };
        const onAbort = (): void => settle(() => reject(new Error('training was aborted')));
        signal.addEventListener('abort', onAbort, { once: true });
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'progress') onProgress({ stage: m.stage, percent: m.percent });
          else if (m.type === 'result') settle(() => resolve(m.artifact));
          else if (m.type === 'error') settle(() => reject(new Error(m.message)));
        });
        worker.on('error', (e) => settle(() => reject(new Error(`training worker crashed: ${e.message}`))));
        worker.on('exit', (code) =>
          settle(() => reject(new Error(`training worker exited (code ${code}) without a result`))),
        );
        worker.postMessage({ type: 'run', request } satisfies ToWorker);
      });
    },
  };
}
