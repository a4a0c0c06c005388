/**
 * THE WIRING POINT for the real model code (the lead engineer fills this in).
 *
 * The HTTP service only needs these four things; src/server.ts passes them to buildApp. Suggested
 * wiring once src/model/loadModel.ts, src/pipeline/ and src/report/ exist:
 *
 *   import { loadModel } from './model/loadModel.js';
 *   import { renderHtmlReport } from './report/htmlReport.js';
 *   import { createWorkerTrainer } from './jobs/workerTrainer.js';
 *
 *   // src/pipeline/trainingWorker.ts:  serveTrainingInWorker((request, onProgress) => trainModel(...))
 *   const trainer = createWorkerTrainer({ workerUrl: new URL('./pipeline/trainingWorker.js', import.meta.url) });
 *   return {
 *     modelLoader: loadModel,
 *     trainer,
 *     renderReport: renderHtmlReport,
 *     bootstrapModel: () =>
 *       trainer.run({ cohortCsv: readFileSync(DEMO_COHORT, 'utf8'), config: {}, cohortName: 'demo (synthetic)' },
 *                   () => undefined, new AbortController().signal),
 *   };
 */
import type { ServiceConfig } from './config.js';
import type { Trainer } from './jobs/types.js';
import type { ModelArtifact } from './model/artifact.js';
import type { ModelLoader } from './registry/modelService.js';

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

export async function createServiceDependencies(_config: ServiceConfig): Promise<ServiceDependencies> {
  throw new Error(
    'not wired yet: src/serviceDependencies.ts must provide the model loader, the worker-thread trainer, the report renderer and the bootstrap',
  );
}
