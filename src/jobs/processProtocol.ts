/**
 * Child-process side of the process trainer (src/jobs/processTrainer.ts): the same messages as the
 * worker-thread trainer (ToWorker / FromWorker in src/jobs/workerProtocol.ts), carried over the IPC
 * channel of a child started with stdio 'ipc' and 'advanced' (structured clone) serialization.
 *
 * The child entry (src/jobs/trainingProcess.ts) is just:
 *
 *   serveTrainingInProcess(trainFromRequest);
 */
import { publicErrorMessage } from './publicErrorMessage.js';
import { startParentWatchdog } from './parentWatchdog.js';
import type { FromWorker, ToWorker, TrainFunction } from './workerProtocol.js';

/** Exit code of a training child whose parent went away (IPC channel closed) before it finished. */
export const ORPHANED_EXIT_CODE = 3;

/**
 * Run `train` on the first 'run' message from the parent, post progress, then the result or the error,
 * and disconnect (the process then exits by itself). If the parent disconnects first, exit at once;
 * if it dies while training holds the main thread, the parent watchdog thread ends the process.
 */
export function serveTrainingInProcess(train: TrainFunction): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveTrainingInProcess must run in a child process with an IPC channel');
  startParentWatchdog();
  let finished = false;
  process.on('disconnect', () => {
    if (!finished) process.exit(ORPHANED_EXIT_CODE);
  });
  // Resolves once the message is handed to the channel (a closed channel is the parent's business).
  const post = (m: FromWorker): Promise<void> =>
    new Promise((resolve) => {
      send(m, undefined, {}, () => resolve());
    });
  process.once('message', (msg: ToWorker) => {
    if (msg?.type !== 'run') return;
    Promise.resolve()
      .then(() =>
        train(msg.request, (p) => void post({ type: 'progress', stage: p.stage, percent: p.percent })),
      )
      .then(
        (artifact) => post({ type: 'result', artifact }),
        (e: unknown) => post({ type: 'error', message: publicErrorMessage(e) }),
      )
      .finally(() => {
        finished = true;
        if (process.connected) process.disconnect();
      });
  });
}
