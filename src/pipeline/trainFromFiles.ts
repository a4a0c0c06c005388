/**
 * The file-reading edge of training: parse the cohort and repeat files, hash the cohort file,
 * read a config file, then hand plain data to trainModel. The CLI and the service's worker use it.
 */
import { readFile } from 'node:fs/promises';
import type { Cohort, RepeatMeasurement } from '../cohort/cohort.js';
import { parseCohortFile, parseCohortText } from '../cohort/parseCohort.js';
import { alignRepeat, parseRepeatFile, parseRepeatText } from '../cohort/repeatMeasurement.js';
import { sha256File, sha256Hex } from '../io/sha256.js';
import type { ModelArtifact } from '../model/artifact.js';
import { packageVersions } from '../provenance/packageVersions.js';
import { columnDeclaration, ConfigError, type TrainingConfig } from './config.js';
import { trainModel, type TrainingProgress } from './train.js';

export interface TrainingSources {
  cohort: Cohort;
  cohortSha256: string;
  inter?: RepeatMeasurement;
  intra?: RepeatMeasurement;
}

export async function readConfigFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError('(file)', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function readTrainingFiles(
  paths: { cohort: string; inter?: string; intra?: string },
  config: TrainingConfig,
): Promise<TrainingSources> {
  const options = { missing: config.missing, columns: columnDeclaration(config) };
  const cohort = await parseCohortFile(paths.cohort, options);
  const repeat = async (path?: string) =>
    path ? alignRepeat(cohort, await parseRepeatFile(path, options)) : undefined;
  return {
    cohort,
    cohortSha256: await sha256File(paths.cohort),
    inter: await repeat(paths.inter),
    intra: await repeat(paths.intra),
  };
}

export function readTrainingTexts(
  texts: { cohort: string; inter?: string; intra?: string; cohortName?: string },
  config: TrainingConfig,
): TrainingSources {
  const source = texts.cohortName ?? 'uploaded cohort';
  const options = { missing: config.missing, columns: columnDeclaration(config) };
  const cohort = parseCohortText(texts.cohort, { source, ...options });
  const repeat = (text: string | undefined, name: string) =>
    text ? alignRepeat(cohort, parseRepeatText(text, { source: name, ...options })) : undefined;
  return {
    cohort,
    cohortSha256: sha256Hex(texts.cohort),
    inter: repeat(texts.inter, 'uploaded inter-observer file'),
    intra: repeat(texts.intra, 'uploaded intra-observer file'),
  };
}

export async function trainFromSources(
  sources: TrainingSources,
  config: TrainingConfig,
  seed: number,
  onProgress?: (progress: TrainingProgress) => void,
): Promise<ModelArtifact> {
  return trainModel({ ...sources, config, seed, packageVersions: packageVersions(), onProgress });
}
