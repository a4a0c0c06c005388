import { beforeAll, describe, expect, it } from 'vitest';
import type { Cohort } from '../../src/cohort/cohort.js';
import { CohortError } from '../../src/cohort/errors.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { MissingInputError } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseTrainingConfig, type TrainingConfig } from '../../src/pipeline/config.js';
import { TrainingInputError } from '../../src/pipeline/errors.js';
import { trainModel } from '../../src/pipeline/train.js';
import { readTrainingTexts, trainFromSources } from '../../src/pipeline/trainFromFiles.js';
import { patientInput } from '../helpers/trainedDemoModel.js';
import { copyCohort, mulberry32, syntheticCohort } from './syntheticCohort.js';

const LR_ONLY = { classifiers: ['lr'], mrmrK: 3 };

const train = (cohort: Cohort, config: Partial<TrainingConfig> | Record<string, unknown> = LR_ONLY) =>
  trainModel({
    cohort,
    config: parseTrainingConfig(config),
    seed: 1,
    cohortSha256: 'x',
    packageVersions: {},
  });

/** The synthetic cohort as a cohort CSV, optionally without some columns. */
function cohortCsv(cohort: Cohort, drop: string[] = []): string {
  const columns: [string, (i: number) => string][] = [
    ['patient_id', (i) => cohort.patientIds[i]],
    ['site', (i) => cohort.sites[i]],
    ['set', (i) => cohort.sets![i]],
    ['her2_status', (i) => cohort.labels[i]],
    ['er', (i) => (cohort.clinical.er![i] ? 'positive' : 'negative')],
    ['pr', (i) => (cohort.clinical.pr![i] ? 'positive' : 'negative')],
    ...cohort.featureNames.map((name, j): [string, (i: number) => string] => [
      name,
      (i) => (Number.isNaN(cohort.features[j][i]) ? 'NA' : String(cohort.features[j][i])),
    ]),
  ];
  const kept = columns.filter(([name]) => !drop.includes(name));
  const lines = [kept.map(([name]) => name).join(',')];
  for (let i = 0; i < cohort.patientIds.length; i++) lines.push(kept.map(([, cell]) => cell(i)).join(','));
  return `${lines.join('\n')}\n`;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

describe('ER / PR', () => {
  const { cohort } = syntheticCohort({ seed: 2 });

  it.each(['er', 'pr'])('a cohort file without the %s column is refused, naming it', (column) => {
    let error: unknown;
    try {
      readTrainingTexts(
        { cohort: cohortCsv(cohort, [column]), cohortName: 'upload.csv' },
        parseTrainingConfig({ missing: 'reject' }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CohortError);
    expect((error as CohortError).message).toContain('upload.csv');
    expect((error as CohortError).message).toMatch(new RegExp(`missing required column.*\\b${column}\\b`));
  });

  it('an in-memory cohort without a PR column cannot be trained on ER + PR', async () => {
    const noPr = { ...cohort, clinical: { er: cohort.clinical.er } };
    const error = await rejection(train(noPr));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect(error.message).toContain('"pr"');
  });

  it('a configured clinical input without a column is named', async () => {
    const error = await rejection(train(cohort, { ...LR_ONLY, clinical: ['er', 'pr', 'ki67'] }));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect(error.message).toContain('"ki67"');
  });

  it('a patient without an ER value is named (also in the external set)', async () => {
    const changed = copyCohort(cohort);
    const external = changed.sets!.indexOf('external');
    changed.clinical.er![external] = Number.NaN;
    const error = await rejection(train(changed));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect(error.message).toContain(changed.patientIds[external]);
    expect(error.message).toContain('"er"');
  });
});

describe('external site', () => {
  it('a site name that does not occur is refused, naming it and the known sites', async () => {
    const { cohort } = syntheticCohort({ seed: 2 });
    const sources = readTrainingTexts(
      { cohort: cohortCsv(cohort) },
      parseTrainingConfig({ missing: 'reject' }),
    );
    const error = await rejection(
      trainFromSources(sources, parseTrainingConfig({ ...LR_ONLY, externalSites: ['institution3'] }), 1),
    );
    expect(error).toBeInstanceOf(TrainingInputError);
    expect(error.message).toContain('"institution3"');
    expect(error.message).toContain('siteA, siteB');
  });
});

describe('unknown features at prediction', () => {
  let artifact: ModelArtifact;
  const data = syntheticCohort({ seed: 2 });

  beforeAll(async () => {
    artifact = await train(data.cohort);
  });

  it('are listed as ignored and do not change the prediction', () => {
    const model = loadModel(artifact);
    // Every feature of the cohort is sent; only the selected ones are used.
    const all = patientInput(data.cohort, 0, data.cohort.featureNames);
    const needed = patientInput(data.cohort, 0, artifact.input.features);
    const [a] = model.predict([{ ...all, features: { ...all.features, made_up_feature: 1 } }]);
    const [b] = model.predict([needed]);
    expect(a.distribution).toEqual(b.distribution);
    const unused = data.cohort.featureNames.filter((f) => !artifact.input.features.includes(f));
    expect(a.ignoredFeatures.sort()).toEqual([...unused, 'made_up_feature'].sort());
  });

  it('a patient with only unknown features is missing every required one', () => {
    const model = loadModel(artifact);
    let error: unknown;
    try {
      model.predict([
        { id: 'X', features: { foo: 1, bar: 2 }, clinical: { er: 'positive', pr: 'negative' } },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as MissingInputError).missing.sort()).toEqual([...artifact.input.features].sort());
  });
});

describe('missing feature values', () => {
  const data = syntheticCohort({ seed: 2 });
  const withGaps = copyCohort(data.cohort);
  const uniform = mulberry32(4);
  for (const column of withGaps.features)
    for (let i = 0; i < column.length; i++) if (uniform() < 0.05) column[i] = Number.NaN;
  const trainingRows = withGaps.patientIds.map((_, i) => i).filter((i) => withGaps.sets![i] === 'training');
  const validationRows = withGaps.patientIds
    .map((_, i) => i)
    .filter((i) => withGaps.sets![i] === 'validation');

  it('policy reject (default): training refuses, pointing at impute-median', async () => {
    const error = await rejection(train(withGaps));
    expect(error).toBeInstanceOf(TrainingInputError);
    expect(error.message).toContain('missing feature values');
    expect(error.message).toContain('impute-median');
  });

  it('policy reject at parse time: an NA cell in a cohort file names file, row and column', () => {
    let error: unknown;
    try {
      readTrainingTexts(
        { cohort: cohortCsv(withGaps), cohortName: 'gaps.csv' },
        parseTrainingConfig({ missing: 'reject' }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CohortError);
    expect((error as CohortError).file).toBe('gaps.csv');
    expect((error as CohortError).row).toBeGreaterThan(0);
    expect(withGaps.featureNames).toContain((error as CohortError).column);
  });

  describe('policy impute-median', () => {
    let artifact: ModelArtifact;
    let changedArtifact: ModelArtifact;

    beforeAll(async () => {
      const config = { ...LR_ONLY, missing: 'impute-median' };
      // Through the CSV edge, so the parser's missing-value policy is exercised too.
      const sources = readTrainingTexts(
        { cohort: cohortCsv(withGaps) },
        parseTrainingConfig({ missing: 'impute-median' }),
      );
      artifact = await trainFromSources(sources, parseTrainingConfig(config), 1);
      // Validation rows: other values, other gaps.
      const changed = copyCohort(withGaps);
      const u = mulberry32(8);
      for (const column of changed.features) {
        for (const i of validationRows) column[i] = u() < 0.3 ? Number.NaN : 100 * u();
      }
      changedArtifact = await train(changed, config);
    });

    it('trains and records the policy and one median per feature the model uses', () => {
      expect(artifact.input.missing.policy).toBe('median');
      expect(Object.keys(artifact.input.missing.medians).sort()).toEqual([...artifact.input.features].sort());
    });

    it('each median is the median of the observed training values', () => {
      let gapsInTraining = 0;
      for (const [name, value] of Object.entries(artifact.input.missing.medians)) {
        const column = withGaps.features[withGaps.featureNames.indexOf(name)];
        const observed = trainingRows.map((i) => column[i]).filter((v) => !Number.isNaN(v));
        gapsInTraining += trainingRows.length - observed.length;
        expect(value).toBe(median(observed));
      }
      expect(gapsInTraining).toBeGreaterThan(0); // the medians really skip missing values
    });

    it('changing validation rows’ values does not change the medians (or any fitted input parameter)', () => {
      expect(changedArtifact.input).toEqual(artifact.input);
      expect(changedArtifact.tasks.over.scaler).toEqual(artifact.tasks.over.scaler);
    });

    it('the imputed model predicts a patient with a missing value as with the median filled in', () => {
      const model = loadModel(artifact);
      const name = artifact.input.features[0];
      const full = patientInput(data.cohort, 3, artifact.input.features);
      const gap = { ...full, features: { ...full.features } };
      delete gap.features[name];
      const [imputed] = model.predict([gap]);
      const [filled] = model.predict([
        { ...full, features: { ...full.features, [name]: artifact.input.missing.medians[name] } },
      ]);
      expect(imputed.distribution).toEqual(filled.distribution);
    });
  });
});
