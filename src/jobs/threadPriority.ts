/**
 * Lowers the scheduling priority of the calling thread only. On Linux each thread has its own nice
 * value, and setpriority(PRIO_PROCESS, tid) with a thread id changes just that thread: a training
 * worker at nice 19 then yields the CPU to the event loop answering predictions (2 cores serve the
 * load generator, the event loop and training at once in bench:serve). Elsewhere this is a no-op.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

export const TRAINING_NICE = 19;

/** The kernel thread id of the calling thread, or undefined off Linux. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the thread id whose priority was lowered, or undefined when the platform does not allow it. */
export function lowerCurrentThreadPriority(nice = TRAINING_NICE): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    setPriority(tid, nice);
    return tid;
  } catch {
    return undefined;
  }
}

/**
 * Lowers every thread of the calling process (Linux: each entry of /proc/self/task, V8's GC and compiler
 * threads included; threads started later inherit the nice value of the thread that starts them).
 * Elsewhere setpriority on the process id already covers the whole process. Returns how many threads
 * were lowered.
 */
export function lowerAllThreadsPriority(nice = TRAINING_NICE): number {
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number).filter(Number.isInteger);
  } catch {
    try {
      setPriority(process.pid, nice);
      return 1;
    } catch {
      return 0;
    }
  }
  let lowered = 0;
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
      lowered++;
    } catch {
      // the thread exited meanwhile, or the platform refuses: leave it
    }
  }
  return lowered;
}
