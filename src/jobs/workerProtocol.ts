/**
 * Messages between the service and a training worker thread, and the worker-side helper.
 *
 * The lead's worker entry (e.g. src/jobs/trainingWorker.ts) is just:
 *
 *   import { serveTrainingInWorker } from '../jobs/workerProtocol.js';
 *   serveTrainingInWorker(async (request, onProgress) => trainModel(...));
 */
import { parentPort } from 'node:worker_threads';
import type { ModelArtifact } from '../model/artifact.js';
import { publicErrorMessage } from './publicErrorMessage.js';
import type { TrainingProgress, TrainingRequest } from './types.js';

export type ToWorker = { type: 'run'; request: TrainingRequest };
export type FromWorker =
  | { type: 'progress'; stage: string; percent: number }
  | { type: 'result'; artifact: ModelArtifact }
  /** The error's public message (no patient ids or cell values): it becomes the job record's error. */
  | { type: 'error'; message: string };

export type TrainFunction = (
  request: TrainingRequest,
  onProgress: (p: TrainingProgress) => void,
) => Promise<ModelArtifact> | ModelArtifact;

/** Worker side: run `train` on the first 'run' message and post progress, then the result or the error. */
export function serveTrainingInWorker(train: TrainFunction): void {
  const port = parentPort;
  if (!port) throw new Error('serveTrainingInWorker must run inside a worker thread');
  port.once('message', (msg: ToWorker) => {
    if (msg?.type !== 'run') return;
    const post = (m: FromWorker): void => port.postMessage(m);
    Promise.resolve()
      .then(() => train(msg.request, (p) => post({ type: 'progress', stage: p.stage, percent: p.percent })))
      .then(
        (artifact) => post({ type: 'result', artifact }),
        (e: unknown) => post({ type: 'error', message: publicErrorMessage(e) }),
      )
      .finally(() => port.close());
  });
}
