/**
 * Child-process entry of the service's trainer (src/jobs/processTrainer.ts): training runs here, in its
 * own Node process, so neither its thread nor V8's helper threads (GC, compiler) share the service's
 * scheduling class. The parent starts it under SCHED_IDLE (chrt --idle 0) where Linux allows; every
 * thread is lowered to nice 19 as well, which is what counts when SCHED_IDLE was not available.
 * Importing this module outside a child process started with an IPC channel throws.
 *
 * The parent watchdog starts before the pipeline is loaded (a dynamic import): loading takes seconds at
 * idle priority on a busy machine, and a service killed meanwhile must not leave the child behind.
 */
import { startParentWatchdog } from './parentWatchdog.js';
import { lowerAllThreadsPriority } from './threadPriority.js';

lowerAllThreadsPriority();
startParentWatchdog();
const { serveTrainingInProcess } = await import('./processProtocol.js');
const { trainFromRequest } = await import('../pipeline/trainFromRequest.js');
serveTrainingInProcess(trainFromRequest);
