/**
 * The training child's parent watchdog. Training is synchronous for seconds at a time, so the child's
 * main thread cannot see its IPC channel close when the service dies (kill -9): it would train on, for
 * tens of seconds under load, as an orphan. A worker thread runs whatever the main thread is doing; it
 * polls every `intervalMs` whether the parent is still there (the child was re-parented, or the parent
 * pid is gone) and if not ends the whole process with SIGKILL: no exit handlers, no result, nothing
 * written. (process.exit in a worker thread would end only the thread.)
 *
 * The parent passes its pid as the child's first argument (createProcessTrainer does), so a parent that
 * died while the child was still starting is noticed too; without it, the parent at start is assumed.
 * The child entry starts the watchdog before it loads the pipeline; starting it again is a no-op.
 */
import { Worker } from 'node:worker_threads';

export const PARENT_POLL_MS = 250;

// Plain JavaScript, evaluated: no module file to resolve from source (tsx) or from dist/.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { parentPid, intervalMs } = workerData;
function parentGone() {
  if (process.ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}
setInterval(() => {
  if (parentGone()) process.kill(process.pid, 'SIGKILL');
}, intervalMs);
`;

/** The pid the parent passed as argv[2], else the current parent. */
export function expectedParentPid(argv: readonly string[] = process.argv): number {
  const passed = Number(argv[2]);
  return Number.isInteger(passed) && passed > 1 ? passed : process.ppid;
}

let started: Worker | undefined;

/** Start the watchdog (once per process); it never keeps the process alive by itself. */
export function startParentWatchdog(parentPid = expectedParentPid(), intervalMs = PARENT_POLL_MS): Worker {
  if (started) return started;
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { parentPid, intervalMs },
    // a few MB are plenty for a timer; the child's heap is for training
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
  });
  worker.unref();
  started = worker;
  return worker;
}
