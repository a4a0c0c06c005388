/**
 * The wiring point between the HTTP service and the model code: the artifact loader, the
 * worker-thread trainer, the report renderer and the first-start bootstrap (a model trained on the
 * bundled SYNTHETIC demo cohort, so a fresh install serves at once and says the model is synthetic).
 */
import type { ServiceConfig } from './config.js';
import { formatDemoCohortCsv } from './demo/demoCohortCsv.js';
import { generateDemoCohort } from './demo/generateDemoCohort.js';
import type { Trainer } from './jobs/types.js';
import { createWorkerTrainer } from './jobs/workerTrainer.js';
import type { ModelArtifact } from './model/artifact.js';
import { loadModel } from './model/loadModel.js';
import type { ModelLoader } from './registry/modelService.js';
import { renderHtmlReport } from './report/html.js';

export interface ServiceDependencies {
  /** Artifact → predicting model (src/model/loadModel.ts). */
  modelLoader: ModelLoader;
  /** Runs training requests, off the event loop (createWorkerTrainer). */
  trainer: Trainer;
  /** Artifact → the HTML report (src/report/). */
  renderReport: (artifact: ModelArtifact) => string;
  /** Trains the default model when the registry has no active model (first start). */
  bootstrapModel?: () => Promise<ModelArtifact>;
}

export const TRAINING_WORKER_URL = new URL('./pipeline/trainingWorker.js', import.meta.url);

/** The demo cohort as the upload a user would send: CSV texts, marked synthetic in their header. */
export function demoTrainingRequest() {
  const csv = formatDemoCohortCsv(generateDemoCohort());
  return {
    cohortCsv: csv.cohort,
    interCsv: csv.inter,
    intraCsv: csv.intra,
    config: {},
    cohortName: 'synthetic-cohort.csv (bundled SYNTHETIC demo cohort)',
  };
}

export async function createServiceDependencies(_config: ServiceConfig): Promise<ServiceDependencies> {
  const trainer = createWorkerTrainer({ workerUrl: TRAINING_WORKER_URL });
  return {
    modelLoader: loadModel,
    trainer,
    renderReport: renderHtmlReport,
    bootstrapModel: () => trainer.run(demoTrainingRequest(), () => undefined, new AbortController().signal),
  };
}
