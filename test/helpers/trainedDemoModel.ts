/**
 * The demo cohort trained ONCE per test file (module-level cache) with the default config, the
 * default seed and the demo's inter/intra repeats: ~3 s, shared by every test of the file that needs
 * a realistic model. Also small helpers to turn cohort rows into prediction inputs.
 */
import type { Cohort } from '../../src/cohort/cohort.js';
import {
  demoAsCohort,
  demoRepeatMeasurements,
  generateDemoCohort,
  type DemoCohort,
} from '../../src/demo/index.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import type { PatientInput } from '../../src/model/her2Model.js';
import {
  DEFAULT_TRAINING_SEED,
  parseTrainingConfig,
  type TrainingConfig,
} from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';

export interface TrainedDemoModel {
  demo: DemoCohort;
  cohort: Cohort;
  repeats: ReturnType<typeof demoRepeatMeasurements>;
  config: TrainingConfig;
  seed: number;
  artifact: ModelArtifact;
}

export const FIXED_NOW = () => new Date('2025-01-01T00:00:00.000Z');

let cached: Promise<TrainedDemoModel> | undefined;

export function trainedDemoModel(): Promise<TrainedDemoModel> {
  cached ??= (async () => {
    const demo = generateDemoCohort();
    const cohort = demoAsCohort(demo);
    const repeats = demoRepeatMeasurements(demo);
    const config = parseTrainingConfig({});
    const seed = DEFAULT_TRAINING_SEED;
    const artifact = await trainModel({
      cohort,
      ...repeats,
      config,
      seed,
      cohortSha256: 'demo',
      packageVersions: { test: '0' },
      now: FIXED_NOW,
    });
    return { demo, cohort, repeats, config, seed, artifact };
  })();
  return cached;
}

/** Patient i of a cohort as a prediction input carrying the given features and every clinical column. */
export function patientInput(cohort: Cohort, i: number, featureNames: readonly string[]): PatientInput {
  const features: Record<string, number> = {};
  for (const name of featureNames) features[name] = cohort.features[cohort.featureNames.indexOf(name)][i];
  const clinical: Record<string, number> = {};
  for (const [name, column] of Object.entries(cohort.clinical)) {
    if (column && Number.isFinite(column[i])) clinical[name] = column[i];
  }
  return { id: cohort.patientIds[i], features, clinical };
}

/** Row indices of the patients in a given set of the artifact's partition (the cohort's `set` column). */
export function rowsOfSet(cohort: Cohort, set: 'training' | 'validation' | 'external'): number[] {
  if (!cohort.sets) throw new Error('cohort has no set column');
  return cohort.patientIds.map((_, i) => i).filter((i) => cohort.sets![i] === set);
}
