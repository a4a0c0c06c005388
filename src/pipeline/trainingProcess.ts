/**
 * Child-process entry of the service's trainer (src/jobs/processTrainer.ts): training runs here, in its
 * own Node process, so neither its thread nor V8's helper threads (GC, compiler) share the service's
 * scheduling class. The parent starts it under SCHED_IDLE (chrt --idle 0) where Linux allows; every
 * thread is lowered to nice 19 as well, which is what counts when SCHED_IDLE was not available.
 * Importing this module outside a child process started with an IPC channel throws.
 */
import { serveTrainingInProcess } from '../jobs/processProtocol.js';
import { lowerAllThreadsPriority } from '../jobs/threadPriority.js';
import { trainFromRequest } from './trainFromRequest.js';

lowerAllThreadsPriority();
serveTrainingInProcess(trainFromRequest);
