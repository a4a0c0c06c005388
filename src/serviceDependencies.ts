/**
 * The wiring point between the HTTP service and the model code: the artifact loader, the trainer (a
 * child process under SCHED_IDLE; the worker-thread trainer on request), the report renderer and the
 * first-start bootstrap (a model trained on the bundled SYNTHETIC demo cohort, so a fresh install
 * serves at once and says the model is synthetic).
 */
import type { ServiceConfig } from './config.js';
import { formatDemoCohortCsv } from './demo/demoCohortCsv.js';
import { generateDemoCohort } from './demo/generateDemoCohort.js';
import { buildDemoPrognosisModel } from './demo/hiPfs/demoPrognosisModel.js';
import { createProcessTrainer } from './jobs/processTrainer.js';
import type { Trainer } from './jobs/types.js';
import { createWorkerTrainer } from './jobs/workerTrainer.js';
import type { ModelArtifact } from './model/artifact.js';
import type { PrognosisArtifact } from './prognosis/prognosisArtifact.js';
import { readPrognosisArtifactFile } from './prognosis/readPrognosisArtifact.js';
import { loadModel } from './model/loadModel.js';
import type { ModelLoader } from './registry/modelService.js';
import { renderHtmlReport } from './report/html.js';

export interface ServiceDependencies {
  /** Artifact → predicting model (src/model/loadModel.ts). */
  modelLoader: ModelLoader;
  /** Runs training requests, off the event loop (createProcessTrainer or createWorkerTrainer). */
  trainer: Trainer;
  /** Which trainer that is, in words (logs, bench:serve). */
  trainerDescription: string;
  /** Artifact → the HTML report (src/report/). */
  renderReport: (artifact: ModelArtifact) => string;
  /** Trains the default model when the registry has no active model (first start). */
  bootstrapModel?: () => Promise<ModelArtifact>;
  /** The prognosis model POST /v1/prognosis serves: config.prognosisModel's file, else the SYNTHETIC demo one. */
  prognosisModel?: PrognosisArtifact;
}

export const TRAINING_WORKER_URL = new URL('./jobs/trainingWorker.js', import.meta.url);
export const TRAINING_PROCESS_URL = new URL('./jobs/trainingProcess.js', import.meta.url);

export const TRAINER_KINDS = ['process', 'worker'] as const;
export type TrainerKind = (typeof TRAINER_KINDS)[number];
/**
 * The child process: in bench:serve (2 cores) it kept single-patient p99 while training within 2x idle
 * (median 1.5x over 3 runs) where the worker thread did not (2.5x): V8's GC and compiler threads of a
 * worker are shared with the event loop and stay at the service's priority, a SCHED_IDLE process's don't.
 */
export const DEFAULT_TRAINER: TrainerKind = 'process';

export const TRAINER_DESCRIPTIONS: Record<TrainerKind, string> = {
  process: 'child-process trainer (SCHED_IDLE via chrt where available, else nice 19)',
  worker: 'worker-thread trainer (nice 19)',
};

export function createTrainer(kind: TrainerKind): Trainer {
  return kind === 'process'
    ? createProcessTrainer({ entry: TRAINING_PROCESS_URL })
    : createWorkerTrainer({ workerUrl: TRAINING_WORKER_URL });
}

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

export async function createServiceDependencies(
  config: ServiceConfig,
  options: { trainer?: TrainerKind } = {},
): Promise<ServiceDependencies> {
  const kind = options.trainer ?? DEFAULT_TRAINER;
  const trainer = createTrainer(kind);
  return {
    modelLoader: loadModel,
    trainer,
    trainerDescription: TRAINER_DESCRIPTIONS[kind],
    renderReport: renderHtmlReport,
    bootstrapModel: () => trainer.run(demoTrainingRequest(), () => undefined, new AbortController().signal),
    prognosisModel:
      config.prognosisModel === null
        ? buildDemoPrognosisModel()
        : await readPrognosisArtifactFile(config.prognosisModel),
  };
}
