/**
 * TEST DOUBLE worker module for createWorkerTrainer: "trains" by building a fake artifact.
 * config.fail = message → rejects; config.hang = true → never finishes (to test abort).
 */
import { serveTrainingInWorker } from '../../src/jobs/workerProtocol.js';
import { makeFakeArtifact } from './fakeArtifact.js';

serveTrainingInWorker(async (request, onProgress) => {
  onProgress({ stage: 'parsing cohort', percent: 10 });
  if (typeof request.config.fail === 'string') throw new Error(request.config.fail);
  if (request.config.hang === true) {
    onProgress({ stage: 'hanging', percent: 20 });
    await new Promise(() => undefined);
  }
  onProgress({ stage: 'training', percent: 60 });
  return makeFakeArtifact({ label: `worker-${request.cohortCsv.length}` });
});
