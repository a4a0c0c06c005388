/** A training request as the HTTP service receives it (CSV texts + config JSON) → a model artifact. */
import type { TrainingProgress, TrainingRequest } from '../jobs/types.js';
import type { ModelArtifact } from '../model/artifact.js';
import { ConfigError, DEFAULT_TRAINING_SEED, parseTrainingConfig } from './config.js';
import { readTrainingTexts, trainFromSources } from './trainFromFiles.js';

/** The HTTP config object may carry `seed` beside the pipeline options. */
export function splitSeed(config: Record<string, unknown> | undefined): {
  seed: number;
  options: Record<string, unknown>;
} {
  const { seed, ...options } = config ?? {};
  if (seed === undefined) return { seed: DEFAULT_TRAINING_SEED, options };
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('seed', 'must be an integer between 0 and 4294967295');
  }
  return { seed, options };
}

export async function trainFromRequest(
  request: TrainingRequest,
  onProgress: (p: TrainingProgress) => void,
): Promise<ModelArtifact> {
  const { seed, options } = splitSeed(request.config);
  const config = parseTrainingConfig(options);
  onProgress({ stage: 'parsing', percent: 0 });
  const sources = readTrainingTexts(
    {
      cohort: request.cohortCsv,
      inter: request.interCsv,
      intra: request.intraCsv,
      cohortName: request.cohortName,
    },
    config,
  );
  return trainFromSources(sources, config, seed, onProgress);
}
