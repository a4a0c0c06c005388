/**
 * Worker-thread entry of the service's trainer (src/jobs/workerTrainer.ts): training runs here, off
 * the service's event loop, at the lowest CPU priority so predictions keep their latency while a
 * model trains. Importing this module outside a worker throws.
 */
import { lowerCurrentThreadPriority } from './threadPriority.js';
import { serveTrainingInWorker } from './workerProtocol.js';
import { trainFromRequest } from '../pipeline/trainFromRequest.js';

lowerCurrentThreadPriority();
serveTrainingInWorker(trainFromRequest);
