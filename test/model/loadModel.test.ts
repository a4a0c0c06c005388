import { beforeAll, describe, expect, it } from 'vitest';
import { applyCalibrator } from '../../src/calibration/calibrator.js';
import { CLASSIFIER_KINDS, type ClassifierKind } from '../../src/classifiers/classifier.js';
import { restoreClassifier } from '../../src/classifiers/index.js';
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { InvalidInputError, MissingInputError, type PatientInput } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';
import { thrown } from '../helpers/thrown.js';
import { patientInput } from '../helpers/trainedDemoModel.js';
import { syntheticCohort, type SyntheticCohort } from '../pipeline/syntheticCohort.js';

async function train(data: SyntheticCohort, config: Record<string, unknown>): Promise<ModelArtifact> {
  return trainModel({
    cohort: data.cohort,
    inter: data.inter,
    intra: data.intra,
    config: parseTrainingConfig({ mrmrK: 3, ...config }),
    seed: 9,
    cohortSha256: 'x',
    packageVersions: {},
  });
}

let data: SyntheticCohort;
let lrArtifact: ModelArtifact;
let allArtifact: ModelArtifact;
let medianArtifact: ModelArtifact;
/** A patient carrying exactly what the LR model needs. */
let patient: PatientInput;

beforeAll(async () => {
  data = syntheticCohort({ seed: 4, suv: true });
  lrArtifact = await train(data, { classifiers: ['lr'] });
  allArtifact = await train(data, {});
  medianArtifact = await train(data, { classifiers: ['lr'], missing: 'impute-median' });
  patient = patientInput(data.cohort, 0, lrArtifact.input.features);
  delete patient.clinical.ki67;
  delete patient.clinical.age;
});

const model = () => loadModel(lrArtifact);
const withFeature = (p: PatientInput, name: string, value: unknown): PatientInput => ({
  ...p,
  features: { ...p.features, [name]: value as number },
});
const withClinical = (p: PatientInput, name: string, value: unknown): PatientInput => ({
  ...p,
  clinical: { ...p.clinical, [name]: value as string },
});
const without = (record: Record<string, unknown>, name: string) => {
  const copy = { ...record };
  delete copy[name];
  return copy;
};

describe('required inputs', () => {
  it('are the union of the tasks’ selected features and ER/PR', () => {
    const union = new Set(HER2_STATUSES.flatMap((t) => lrArtifact.tasks[t].selectedFeatures));
    expect(new Set(model().requiredFeatures)).toEqual(union);
    expect(model().requiredClinical).toEqual(expect.arrayContaining(['er', 'pr']));
  });

  it('a missing feature is a MissingInputError listing it (and every other missing input)', () => {
    const [first, second] = model().requiredFeatures;
    const p = {
      ...patient,
      features: without(without(patient.features, first), second) as Record<string, number>,
    };
    const error = thrown(() => model().predict([p]), MissingInputError);
    expect(error.missing).toEqual(expect.arrayContaining([first, second]));
    expect(error.patientId).toBe(patient.id);
    expect(error.message).toContain(first);
    expect(error.message).toContain(patient.id);
  });

  it('null counts as missing', () => {
    const name = model().requiredFeatures[0];
    expect(
      thrown(() => model().predict([withFeature(patient, name, null)]), MissingInputError).missing,
    ).toEqual([name]);
  });

  it('a missing ER is listed as clinical.er', () => {
    const p = { ...patient, clinical: without(patient.clinical, 'er') as Record<string, number> };
    expect(thrown(() => model().predict([p]), MissingInputError).missing).toEqual(['clinical.er']);
  });

  it('the error in a batch names the offending patient', () => {
    const bad = { ...patient, id: 'P-bad', features: {} };
    const error = thrown(() => model().predict([patient, bad]), MissingInputError);
    expect(error.patientId).toBe('P-bad');
  });
});

describe('invalid values name the field', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, '1.5', true, [1]])('feature value %s', (value) => {
    const name = model().requiredFeatures[0];
    const error = thrown(() => model().predict([withFeature(patient, name, value)]), InvalidInputError);
    expect(error.field).toBe(`features.${name}`);
    expect(error.message).toContain(`features.${name}`);
    expect(error.patientId).toBe(patient.id);
  });

  it.each(['maybe', 150, -3, Number.NaN, ''])('ER value %j', (value) => {
    const error = thrown(() => model().predict([withClinical(patient, 'er', value)]), InvalidInputError);
    expect(error.field).toBe('clinical.er');
  });
});

describe('ER / PR forms', () => {
  const probabilityWith = (er: unknown, pr: unknown) =>
    model().predict([withClinical(withClinical(patient, 'er', er), 'pr', pr)])[0].distribution;

  it('positive / negative words equal 1 / 0', () => {
    expect(probabilityWith('positive', 'negative')).toEqual(probabilityWith(1, 0));
    expect(probabilityWith('NEG', 'Pos')).toEqual(probabilityWith(0, 1));
    expect(probabilityWith('+', '-')).toEqual(probabilityWith(1, 0));
  });

  it('a percentage of stained nuclei: >= 1% is positive', () => {
    expect(probabilityWith('35%', '0.5%')).toEqual(probabilityWith(1, 0));
    expect(probabilityWith(80, 0.2)).toEqual(probabilityWith(1, 0));
    expect(probabilityWith('1', '0')).toEqual(probabilityWith(1, 0));
    expect(probabilityWith('<1%', '10 %')).toEqual(probabilityWith(0, 1));
  });

  it('ER matters to the model (so the comparisons above are not vacuous)', () => {
    expect(probabilityWith(1, 0)).not.toEqual(probabilityWith(0, 0));
  });
});

describe('warnings and ignored features', () => {
  it('unknown features are listed as ignored and change nothing', () => {
    const extra = { ...patient, features: { ...patient.features, zz_unknown: 3, another_one: -1 } };
    const [withExtra] = model().predict([extra]);
    const [plain] = model().predict([patient]);
    expect(withExtra.ignoredFeatures.sort()).toEqual(['another_one', 'zz_unknown']);
    expect(plain.ignoredFeatures).toEqual([]);
    expect(withExtra.distribution).toEqual(plain.distribution);
  });

  it('a value far outside the training range (3 to 10 SDs beyond it) is flagged, naming the input', () => {
    const name = model().requiredFeatures[0];
    const range = lrArtifact.input.ranges[name];
    // beyond 10 SDs the patient is refused: test/model/outOfDistribution.test.ts
    const [far] = model().predict([withFeature(patient, name, range.max + 5 * range.std)]);
    expect(far.warnings.some((w) => w.includes('out of distribution') && w.includes(name))).toBe(true);
    const [inside] = model().predict([withFeature(patient, name, (range.min + range.max) / 2)]);
    expect(inside.warnings).toEqual([]);
  });

  it('the training ranges are the training rows’ min / max', () => {
    const name = model().requiredFeatures[0];
    const column = data.cohort.features[data.cohort.featureNames.indexOf(name)];
    const training = column.filter((_, i) => data.cohort.sets![i] === 'training');
    expect(lrArtifact.input.ranges[name].min).toBe(Math.min(...training));
    expect(lrArtifact.input.ranges[name].max).toBe(Math.max(...training));
  });
});

describe('probabilities', () => {
  it('the distribution sums to 1, is the normalised one-vs-rest probabilities, status its argmax', () => {
    const patients = data.cohort.patientIds.map((_, i) =>
      patientInput(data.cohort, i, lrArtifact.input.features),
    );
    const statuses = new Set<Her2Status>();
    for (const prediction of model().predict(patients)) {
      const p = { ...prediction, distribution: prediction.distribution!, status: prediction.status! };
      const total = p.distribution.over + p.distribution.low + p.distribution.zero;
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
      const sum = HER2_STATUSES.reduce((s, t) => s + p.tasks[t].probability!, 0);
      for (const t of HER2_STATUSES) expect(p.distribution[t]).toBeCloseTo(p.tasks[t].probability! / sum, 14);
      const max = Math.max(p.distribution.over, p.distribution.low, p.distribution.zero);
      expect(p.distribution[p.status]).toBe(max);
      statuses.add(p.status);
    }
    expect(statuses.size).toBe(3); // every class is predicted for someone
  });

  it('LR: each task probability is Platt(w·z + b), the logit’s calibration, from the artifact’s numbers, z = (x − mean) / std', () => {
    const patients = [0, 50, 100, 150].map((i) => patientInput(data.cohort, i, lrArtifact.input.features));
    const predictions = model().predict(patients);
    patients.forEach((p, k) => {
      for (const task of HER2_STATUSES) {
        const t = lrArtifact.tasks[task];
        expect(t.best).toBe('lr');
        const lr = t.models.lr;
        const { intercept, coefficients } = lr.classifier.state as {
          intercept: number;
          coefficients: number[];
        };
        let linear = intercept;
        t.inputs.forEach((name, j) => {
          const x =
            name === 'er' || name === 'pr' ? (p.clinical[name] as number) : (p.features[name] as number);
          linear += coefficients[j] * ((x - t.scaler.mean[j]) / t.scaler.std[j]);
        });
        if (lr.calibration.method !== 'sigmoid') throw new Error('default calibration is sigmoid');
        const expected = 1 / (1 + Math.exp(lr.calibration.a * linear + lr.calibration.b));
        const got = predictions[k].tasks[task].probability!;
        expect(Math.abs(got - expected)).toBeLessThan(1e-12 * Math.max(1, expected));
        expect(predictions[k].tasks[task].classifier).toBe('lr');
      }
    });
  });

  it.each(CLASSIFIER_KINDS)(
    '%s: the probability is the calibrator applied to the restored classifier’s score',
    (kind: ClassifierKind) => {
      // The same artifact with `kind` as every task's best classifier.
      const variant = structuredClone(allArtifact);
      for (const task of HER2_STATUSES) variant.tasks[task].best = kind;
      const patients = [3, 60, 130].map((i) => patientInput(data.cohort, i, variant.input.features));
      const predictions = loadModel(variant).predict(patients);
      for (const task of HER2_STATUSES) {
        const t = variant.tasks[task];
        const rows = patients.map((p) =>
          Float64Array.from(t.inputs, (name, j) => {
            const x = name in p.features ? (p.features[name] as number) : (p.clinical[name] as number);
            return (x - t.scaler.mean[j]) / t.scaler.std[j];
          }),
        );
        const expected = applyCalibrator(
          t.models[kind].calibration,
          restoreClassifier(t.models[kind].classifier).score(rows),
        );
        patients.forEach((_, k) => expect(predictions[k].tasks[task].probability).toBe(expected[k]));
      }
    },
  );

  it('a batch predicts each patient as if alone', () => {
    const a = patientInput(data.cohort, 1, lrArtifact.input.features);
    const b = patientInput(data.cohort, 2, lrArtifact.input.features);
    expect(model().predict([a, b])).toEqual([...model().predict([a]), ...model().predict([b])]);
  });

  it('small batches (reused buffers) and large ones predict alike, and later calls leave earlier results intact', () => {
    const m = loadModel(allArtifact);
    const patients = Array.from({ length: 40 }, (_, i) =>
      patientInput(data.cohort, i % data.cohort.patientIds.length, allArtifact.input.features),
    );
    const alone = patients.map((p) => m.predict([p])[0]);
    const snapshot = JSON.parse(JSON.stringify(alone));
    const small = m.predict(patients.slice(0, 5));
    const large = m.predict(patients);
    expect(small).toEqual(alone.slice(0, 5));
    expect(large).toEqual(alone);
    expect(alone).toEqual(snapshot);
    // a failing patient in a small batch does not poison the next call
    expect(() => m.predict([patients[0], { ...patients[1], features: {} }])).toThrow(MissingInputError);
    expect(m.predict(patients.slice(0, 3))).toEqual(alone.slice(0, 3));
  });
});

describe('missing-value policy in the artifact', () => {
  it('reject: the artifact records no medians', () => {
    expect(lrArtifact.input.missing).toEqual({ policy: 'reject', medians: {} });
  });

  it('median: a missing feature is filled with the training median and warned about', () => {
    const m = loadModel(medianArtifact);
    const name = m.requiredFeatures[0];
    const median = medianArtifact.input.missing.medians[name];
    const column = data.cohort.features[data.cohort.featureNames.indexOf(name)];
    const training = Array.from(column.filter((_, i) => data.cohort.sets![i] === 'training')).sort(
      (x, y) => x - y,
    );
    const mid = training.length >> 1;
    expect(median).toBe(training.length % 2 ? training[mid] : (training[mid - 1] + training[mid]) / 2);
    const full = patientInput(data.cohort, 5, medianArtifact.input.features);
    const [imputed] = m.predict([
      { ...full, features: without(full.features, name) as Record<string, number> },
    ]);
    const [explicit] = m.predict([withFeature(full, name, median)]);
    expect(imputed.distribution).toEqual(explicit.distribution);
    expect(imputed.warnings.some((w) => w.includes(name) && w.includes('median'))).toBe(true);
  });
});
