/**
 * Worker-thread entry of the service's trainer: parses the uploaded CSV texts and the config, then
 * runs the pipeline, posting progress. Runs off the service's event loop (src/jobs/workerTrainer.ts).
 */
import { serveTrainingInWorker } from '../jobs/workerProtocol.js';
import type { TrainingRequest } from '../jobs/types.js';
import { ConfigError, DEFAULT_TRAINING_SEED, parseTrainingConfig } from './config.js';
import { readTrainingTexts, trainFromSources } from './trainFromFiles.js';

/** The HTTP config object may carry `seed` beside the pipeline options. */
export function splitSeed(config: Record<string, unknown>): { seed: number; options: Record<string, unknown> } {
  const { seed, ...options } = config ?? {};
  if (seed === undefined) return { seed: DEFAULT_TRAINING_SEED, options };
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('seed', 'must be an integer between 0 and 4294967295');
  }
  return { seed, options };
}

export async function trainFromRequest(
  request: TrainingRequest,
  onProgress: (p: { stage: string; percent: number }) => void,
) {
  const { seed, options } = splitSeed(request.config);
  const config = parseTrainingConfig(options);
  onProgress({ stage: 'parsing', percent: 0 });
  const sources = readTrainingTexts(
    { cohort: request.cohortCsv, inter: request.interCsv, intra: request.intraCsv, cohortName: request.cohortName },
    config,
  );
  return trainFromSources(sources, config, seed, onProgress);
}

serveTrainingInWorker(trainFromRequest);
