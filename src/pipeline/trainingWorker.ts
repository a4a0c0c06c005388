/**
 * Worker-thread entry of the service's trainer (src/jobs/workerTrainer.ts): training runs here, off
 * the service's event loop. Importing this module outside a worker throws.
 */
import { serveTrainingInWorker } from '../jobs/workerProtocol.js';
import { trainFromRequest } from './trainFromRequest.js';

serveTrainingInWorker(trainFromRequest);
