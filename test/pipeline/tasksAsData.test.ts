/**
 * Tasks, inputs and selectors as data, end to end on a small seeded cohort with two categorical
 * inputs: pairwise and subgroup tasks beside the paper's three, one-hot encoding, median imputation,
 * and the identity of the inputs training fitted on with the inputs serving computes.
 */
import { describe, expect, it } from 'vitest';
import type { Cohort } from '../../src/cohort/cohort.js';
import { CohortError } from '../../src/cohort/errors.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { InvalidInputError, NotApplicableError } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { ConfigError, parseTrainingConfig } from '../../src/pipeline/config.js';
import type { FittedTask } from '../../src/pipeline/fitTask.js';
import { trainModel } from '../../src/pipeline/train.js';
import { auth, KEYS, makeTestApp } from '../helpers/testApp.js';
import { mulberry32, syntheticCohort } from './syntheticCohort.js';
import { patientOf } from '../helpers/patientOf.js';

const LESION = 'mri_lesion_type';
const MARGIN = 'mri_margin';

/** The synthetic cohort plus two categorical columns: lesion type (uninformative) and a margin that
 * is irregular more often in HER2-low than in HER2-zero (informative for low-vs-zero); a few missing values. */
function cohortWithCategorical(): {
  cohort: Cohort;
  inter: ReturnType<typeof syntheticCohort>['inter'];
  intra: ReturnType<typeof syntheticCohort>['intra'];
} {
  const data = syntheticCohort({ seed: 11, setColumn: true });
  const uniform = mulberry32(99);
  const lesion = data.cohort.labels.map(() => (uniform() < 0.7 ? 'mass' : 'nme'));
  const margin = data.cohort.labels.map((label) => {
    const irregular = label === 'low' ? 0.75 : label === 'zero' ? 0.2 : 0.45;
    const u = uniform();
    return u < irregular ? 'irregular' : u < irregular + (1 - irregular) / 2 ? 'oval' : 'round';
  });
  const cohort: Cohort = {
    ...data.cohort,
    categoricalNames: [LESION, MARGIN],
    categorical: [lesion, margin],
  };
  // Missing values in two features, imputed with training medians.
  cohort.features = cohort.features.map((c) => Float64Array.from(c));
  for (const i of [3, 40, 77, 150]) cohort.features[1][i] = NaN;
  for (const i of [5, 90]) cohort.features[4][i] = NaN;
  const repeat = (r: typeof data.inter) => ({
    ...r,
    categoricalNames: [LESION, MARGIN],
    categorical: [lesion, margin],
  });
  return { cohort, inter: repeat(data.inter), intra: repeat(data.intra) };
}

const CONFIG = {
  tasks: [
    { name: 'over', positive: ['over'], negative: 'rest' },
    { name: 'low', positive: ['low'], negative: 'rest' },
    { name: 'zero', positive: ['zero'], negative: 'rest' },
    { name: 'low-vs-zero', positive: ['low'], negative: ['zero'] },
    {
      name: 'low-vs-zero-mass',
      positive: ['low'],
      negative: ['zero'],
      subgroup: { column: LESION, levels: ['mass'] },
    },
  ],
  categorical: { [LESION]: ['mass', 'nme'], [MARGIN]: null },
  classifiers: ['lr', 'knn'],
  missing: 'impute-median',
  heterogeneityIndex: false,
};

async function train(config: unknown = CONFIG) {
  const data = cohortWithCategorical();
  const fitted = new Map<string, FittedTask>();
  const artifact = await trainModel({
    cohort: data.cohort,
    inter: data.inter,
    intra: data.intra,
    config: parseTrainingConfig(config),
    seed: 5,
    cohortSha256: 'x',
    packageVersions: {},
    onTaskFitted: (name, task) => fitted.set(name, task),
  });
  return { ...data, artifact, fitted };
}

const trained = train();

describe('tasks as data', () => {
  it('writes one artifact task per configured task, with its definition and the usual metrics', async () => {
    const { artifact, cohort } = await trained;
    expect(Object.keys(artifact.tasks)).toEqual(['over', 'low', 'zero', 'low-vs-zero', 'low-vs-zero-mass']);
    const pair = artifact.tasks['low-vs-zero'];
    expect(pair.description).toBe('HER2-low vs HER2-zero');
    const validation = cohort.labels.filter((l, i) => cohort.sets![i] === 'validation' && l !== 'over');
    const metrics = pair.models[pair.best].metrics.validation!;
    expect(metrics.n).toBe(validation.length);
    expect(metrics.nPositive).toBe(validation.filter((l) => l === 'low').length);
    expect(metrics.ci95[0]).toBeLessThan(metrics.auc);
    const lesion = cohort.categorical[0];
    const massValidation = cohort.labels.filter(
      (l, i) => cohort.sets![i] === 'validation' && l !== 'over' && lesion[i] === 'mass',
    );
    const sub = artifact.tasks['low-vs-zero-mass'];
    expect(sub.models[sub.best].metrics.validation!.n).toBe(massValidation.length);
    expect(artifact.coupling.method).toBe('normalized-ovr');
    expect(artifact.input.categorical[LESION]).toEqual({ levels: ['mass', 'nme'] });
  });

  it('tests categorical candidates and one-hot encodes a selected one against its reference level', async () => {
    const { artifact } = await trained;
    const pair = artifact.tasks['low-vs-zero'];
    expect(pair.selectedFeatures).toContain(MARGIN);
    // Levels read from training rows, sorted: irregular is the reference.
    expect(artifact.input.categorical[MARGIN]).toEqual({ levels: ['irregular', 'oval', 'round'] });
    expect(pair.inputs).toEqual(expect.arrayContaining([`${MARGIN}=oval`, `${MARGIN}=round`]));
    expect(pair.inputs).not.toContain(`${MARGIN}=irregular`);
    expect(pair.selection.scores[MARGIN]).toBeLessThan(0.05);
  });

  it('serving computes bit for bit the probabilities training fitted, for every task and patient', async () => {
    const { artifact, cohort, fitted } = await trained;
    const model = loadModel(JSON.parse(JSON.stringify(artifact)) as ModelArtifact);
    const patients = cohort.patientIds.map((_, i) => patientOf(cohort, artifact, i));
    const predictions = model.predict(patients);
    let compared = 0;
    for (const [name, task] of fitted) {
      predictions.forEach((p, i) => {
        const trainedProbability = task.probabilities[i];
        if (Number.isNaN(trainedProbability)) return; // not one of this task's rows
        const served = p.tasks[name].probability;
        if (served === null) throw new Error(`patient ${p.id} has no ${name} probability`);
        expect(Object.is(served, trainedProbability)).toBe(true);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('a pairwise task is conditional; a patient outside a subgroup gets no probability for it, with the reason', async () => {
    const { artifact, cohort } = await trained;
    const model = loadModel(artifact);
    const nme = cohort.categorical[0].indexOf('nme');
    const [p] = model.predict([patientOf(cohort, artifact, nme)]);
    expect(p.tasks['low-vs-zero'].description).toMatch(
      /P\(HER2-low given the status is HER2-low or HER2-zero\) \(conditional\)/,
    );
    expect(p.tasks['low-vs-zero-mass']).toMatchObject({
      probability: null,
      notApplicable: expect.stringContaining('mass'),
    });
    expect(p.distribution).not.toBeNull();
  });

  it('an unknown categorical level is refused naming the field and the known levels', async () => {
    const { artifact, cohort } = await trained;
    const patient = patientOf(cohort, artifact, 0);
    patient.features[MARGIN] = 'spiculated';
    expect(() => loadModel(artifact).predict([patient])).toThrow(InvalidInputError);
    expect(() => loadModel(artifact).predict([patient])).toThrow(
      /features\.mri_margin: unknown level "spiculated" \(known levels: irregular, oval, round\)/,
    );
  });
});

describe('the service with a model of configured tasks', () => {
  it('answers every task, categorical inputs as level names, and 400 for an unknown level', async () => {
    const { artifact, cohort } = await trained;
    const t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel });
    try {
      const nme = cohort.categorical[0].indexOf('nme');
      const patients = [patientOf(cohort, artifact, 0), patientOf(cohort, artifact, nme)];
      const post = (body: unknown) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/predictions',
          headers: auth(KEYS.predict),
          payload: body as object,
        });
      const res = await post({ patients });
      expect(res.statusCode).toBe(200);
      const [first, second] = res.json().predictions as {
        tasks: Record<string, { probability: number | null; description: string; notApplicable?: string }>;
      }[];
      expect(Object.keys(first.tasks)).toEqual(Object.keys(artifact.tasks));
      expect(first.tasks['low-vs-zero'].description).toContain('(conditional)');
      expect(second.tasks['low-vs-zero-mass']).toMatchObject({
        probability: null,
        notApplicable: expect.any(String),
      });
      const bad = structuredClone(patients);
      bad[1].features[MARGIN] = 'spiculated';
      const refused = await post({ patients: bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(
        /features\.mri_margin: unknown level "spiculated" \(known levels: irregular, oval, round\)/,
      );
    } finally {
      await t.close();
    }
  });
});

describe('a model without the three one-vs-rest tasks', () => {
  const pairwise = train({
    ...CONFIG,
    tasks: [
      {
        name: 'low-vs-zero-mass',
        positive: ['low'],
        negative: ['zero'],
        subgroup: { column: LESION, levels: ['mass'] },
      },
    ],
    classifiers: ['lr'],
  });

  it('gives no three-class distribution and says so', async () => {
    const { artifact, cohort } = await pairwise;
    expect(artifact.coupling.method).toBe('none');
    const mass = cohort.categorical[0].indexOf('mass');
    const [p] = loadModel(artifact).predict([patientOf(cohort, artifact, mass)]);
    expect(p.distribution).toBeNull();
    expect(p.status).toBeNull();
    expect(p.tasks['low-vs-zero-mass'].probability).toEqual(expect.any(Number));
  });

  it('refuses a patient outside the subgroup of every task (HTTP 422)', async () => {
    const { artifact, cohort } = await pairwise;
    const nme = cohort.categorical[0].indexOf('nme');
    expect(() => loadModel(artifact).predict([patientOf(cohort, artifact, nme)])).toThrow(NotApplicableError);
  });
});

describe('bad task and input configuration is refused before any fitting, naming the key', () => {
  it.each([
    [
      { tasks: [{ name: 'a', positive: ['high'], negative: 'rest' }] },
      'tasks[0].positive[0]',
      /unknown HER2 status "high"/,
    ],
    [{ tasks: [{ name: 'a', positive: ['low'], negative: [] }] }, 'tasks[0].negative', /non-empty/],
    [
      { tasks: [{ name: 'a', positive: ['low', 'zero', 'over'], negative: 'rest' }] },
      'tasks[0].negative',
      /empty/,
    ],
    [{ tasks: [{ name: 'a', positive: ['low'], negative: ['low'] }] }, 'tasks[0].negative', /both sides/],
    [
      {
        tasks: [
          { name: 'a', positive: ['low'], negative: 'rest' },
          { name: 'a', positive: ['zero'], negative: 'rest' },
        ],
      },
      'tasks[1].name',
      /used twice/,
    ],
    [
      { tasks: [{ name: 'Low vs zero', positive: ['low'], negative: 'rest' }] },
      'tasks[0].name',
      /must match/,
    ],
    [
      {
        tasks: [{ name: 'a', positive: ['low'], negative: 'rest', subgroup: { column: 'x', levels: ['y'] } }],
      },
      'tasks[0].subgroup.column',
      /not a declared categorical column/,
    ],
    [
      {
        categorical: { [LESION]: ['mass', 'nme'] },
        tasks: [
          { name: 'a', positive: ['low'], negative: 'rest', subgroup: { column: LESION, levels: ['focus'] } },
        ],
      },
      'tasks[0].subgroup.levels',
      /"focus" is not a level/,
    ],
  ])('%j', (config, field, reason) => {
    let error: unknown;
    try {
      parseTrainingConfig(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toMatch(reason);
  });

  it('a categorical level seen only outside the training rows names the file, row and column', async () => {
    const data = cohortWithCategorical();
    const validationRow = data.cohort.sets!.indexOf('validation');
    data.cohort.categorical[1][validationRow] = 'lobulated';
    const error = await trainModel({
      cohort: data.cohort,
      config: parseTrainingConfig(CONFIG),
      seed: 5,
      cohortSha256: 'x',
      packageVersions: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CohortError);
    expect((error as CohortError).message).toContain(`row ${validationRow + 1}`);
    expect((error as CohortError).column).toBe(MARGIN);
    expect((error as CohortError).message).toMatch(
      /a level that does not occur in any training row: "lobulated"/,
    );
    expect((error as CohortError).publicMessage).not.toContain('lobulated');
  });

  it('a subgroup level with no training rows is an error naming the task', async () => {
    const data = cohortWithCategorical();
    const config = parseTrainingConfig({
      ...CONFIG,
      tasks: [
        {
          name: 'low-vs-zero-nme',
          positive: ['low'],
          negative: ['zero'],
          subgroup: { column: LESION, levels: ['nme'] },
        },
      ],
    });
    data.cohort.categorical[0] = data.cohort.categorical[0].map((level, i) =>
      data.cohort.sets![i] === 'training' ? 'mass' : level,
    );
    const error = await trainModel({
      cohort: data.cohort,
      config,
      seed: 5,
      cohortSha256: 'x',
      packageVersions: {},
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /"tasks\[0\]\.subgroup\.levels": level "nme" of mri_lesion_type occurs in no training row .*task "low-vs-zero-nme"/,
    );
  });
});
