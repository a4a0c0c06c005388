import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { DEFAULT_TRAINING_SEED, parseTrainingConfig } from '../../pipeline/config.js';
import { readConfigFile, readTrainingFiles, trainFromSources } from '../../pipeline/trainFromFiles.js';
import { parseCommandArgs, parseSeed, requireOption } from '../args.js';
import { trainingProgress } from '../trainingProgress.js';

export const TRAIN_USAGE =
  'her2 train --cohort FILE [--inter FILE] [--intra FILE] [--external-site NAME]... [--config FILE] [--preset hou2025|search] [--seed N] --out DIR';

/**
 * --preset overrides the file's preset and is validated like it (ConfigError names the field); a
 * file that is not a JSON object is passed on as it is, for the parser to reject.
 */
function withPreset(fileConfig: unknown, preset: string | undefined): unknown {
  if (preset === undefined) return fileConfig;
  if (fileConfig === undefined || fileConfig === null) return { preset };
  if (typeof fileConfig !== 'object' || Array.isArray(fileConfig)) return fileConfig;
  return { ...fileConfig, preset };
}

export const ICC_SKIPPED_NOTE =
  'note: no repeat segmentations (--inter, --intra) were given, so the ICC reliability filter was skipped: ' +
  'every feature was a candidate';

export async function trainCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('train', argv, {
    cohort: { type: 'string' },
    inter: { type: 'string' },
    intra: { type: 'string' },
    'external-site': { type: 'string', multiple: true },
    config: { type: 'string' },
    preset: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  });
  const cohortPath = requireOption('train', values, 'cohort');
  const outDir = requireOption('train', values, 'out');
  const seed = parseSeed('train', values.seed, DEFAULT_TRAINING_SEED);
  const fileConfig = values.config ? await readConfigFile(values.config) : undefined;
  // Validate the file first: its externalSites may be anything (a string would spread into letters).
  const fromFile = parseTrainingConfig(withPreset(fileConfig, values.preset));
  const externalSites = values['external-site'];
  const config = externalSites
    ? { ...fromFile, externalSites: [...new Set([...fromFile.externalSites, ...externalSites])] }
    : fromFile;
  // Always stopped: a terminal bar's redraw timer would hold the process open.
  const progress = trainingProgress(process.stderr);
  let artifact;
  try {
    progress.update('reading cohort', 0);
    const sources = await readTrainingFiles(
      { cohort: cohortPath, inter: values.inter, intra: values.intra },
      config,
    );
    artifact = await trainFromSources(sources, config, seed, (p) => progress.update(p.stage, p.percent));
  } finally {
    progress.stop();
  }
  const path = join(outDir, `${artifact.id}.json`);
  await writeFileAtomic(path, JSON.stringify(artifact));
  process.stderr.write(
    `model written to ${path}${artifact.synthetic ? ' (trained on SYNTHETIC data)' : ''}\n`,
  );
  if (artifact.provenance.reliability.iccFilterSkipped) process.stderr.write(`${ICC_SKIPPED_NOTE}\n`);
  process.stdout.write(`${artifact.id}\n`);
}
