// Inputs far outside the training distribution: refused past the reject bound unless allowed; when
// allowed, even values that overflow the scaler give finite probabilities; no NaN ever leaves predict.
import { beforeAll, describe, expect, it } from 'vitest';
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import {
  NonFinitePredictionError,
  OutOfDistributionError,
  type PatientInput,
  type PatientPrediction,
} from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { MAX_SCALED_INPUT } from '../../src/model/outOfDistribution.js';
import { opposingOverflowingFeatures, sdsAbove } from '../helpers/outOfDistributionInputs.js';
import { thrown } from '../helpers/thrown.js';
import { patientInput, trainedDemoModel } from '../helpers/trainedDemoModel.js';

let artifact: ModelArtifact;
let patient: PatientInput;
/** A task whose best classifier is LR, and two of its features with coefficients of opposite signs. */
let task: Her2Status;
let up: string;
let down: string;

/** The task's linear score with unclamped scaling, as the artifact's numbers give it. */
function unclampedLinearScore(t: Her2Status, p: PatientInput): number {
  const { inputs, scaler, models } = artifact.tasks[t];
  const { intercept, coefficients } = models.lr.classifier.state as {
    intercept: number;
    coefficients: number[];
  };
  return inputs.reduce((sum, name, j) => {
    const x = name in p.features ? Number(p.features[name]) : Number(p.clinical[name]);
    return sum + coefficients[j] * ((x - scaler.mean[j]) / scaler.std[j]);
  }, intercept);
}

beforeAll(async () => {
  const demo = await trainedDemoModel();
  artifact = demo.artifact;
  patient = patientInput(demo.cohort, 0, artifact.input.features);
  ({ task, up, down } = opposingOverflowingFeatures(artifact));
});

const model = () => loadModel(artifact);
const withFeatures = (values: Record<string, number>, id = patient.id): PatientInput => ({
  ...patient,
  id,
  features: { ...patient.features, ...values },
});
const above = (name: string, sds: number) => sdsAbove(artifact, name, sds);

function expectFiniteDistribution(prediction: PatientPrediction): void {
  const p = { ...prediction, distribution: prediction.distribution! };
  for (const s of HER2_STATUSES) {
    expect(Number.isFinite(p.tasks[s].probability)).toBe(true);
    expect(p.distribution[s]).toBeGreaterThanOrEqual(0);
    expect(p.distribution[s]).toBeLessThanOrEqual(1);
  }
  expect(Math.abs(p.distribution.over + p.distribution.low + p.distribution.zero - 1)).toBeLessThan(1e-12);
}

describe('the reject bound (default 10 training SDs beyond the training range)', () => {
  it('9 SDs: predicted with the milder warning, not flagged; 11 SDs: refused naming patient, feature, value and range', () => {
    const [near] = model().predict([withFeatures({ [up]: above(up, 9) })]);
    expect(near.outOfDistribution).toBe(false);
    expect(near.warnings).toEqual([
      expect.stringMatching(new RegExp(`^out of distribution: ${up} = .* far outside`)),
    ]);

    const value = above(up, 11);
    const error = thrown(
      () => model().predict([withFeatures({ [up]: value }, 'P-far')]),
      OutOfDistributionError,
    );
    const r = artifact.input.ranges[up];
    expect(error.inputs).toEqual([
      { patientId: 'P-far', feature: up, value, trainingRange: { min: r.min, max: r.max } },
    ]);
    for (const part of ['P-far', up, String(value), `[${r.min}, ${r.max}]`, '10 training SDs'])
      expect(error.message).toContain(part);
  });

  it('below the training minimum counts the same way', () => {
    const r = artifact.input.ranges[down];
    expect(model().predict([withFeatures({ [down]: r.min - 9 * r.std })])[0].outOfDistribution).toBe(false);
    const error = thrown(
      () => model().predict([withFeatures({ [down]: r.min - 11 * r.std })]),
      OutOfDistributionError,
    );
    expect(error.inputs.map((i) => i.feature)).toEqual([down]);
  });

  it('is configurable per call', () => {
    expect(() =>
      model().predict([withFeatures({ [up]: above(up, 6) })], { outOfDistributionRejectSds: 5 }),
    ).toThrow(OutOfDistributionError);
    const [p] = model().predict([withFeatures({ [up]: above(up, 11) })], { outOfDistributionRejectSds: 20 });
    expect(p.outOfDistribution).toBe(false);
    expect(p.warnings.join()).toMatch(/far outside/);
  });

  it('lists every refused input of the batch, and refuses the batch', () => {
    const batch = [
      withFeatures({ [up]: above(up, 12) }, 'A'),
      withFeatures({}, 'B'),
      withFeatures({ [up]: above(up, 30), [down]: above(down, 40) }, 'C'),
    ];
    const error = thrown(() => model().predict(batch), OutOfDistributionError);
    expect(error.inputs.map((i) => `${i.patientId}:${i.feature}`).sort()).toEqual(
      [`A:${up}`, `C:${up}`, `C:${down}`].sort(),
    );
    expect(error.message).toMatch(/^3 inputs lie more than 10 training SDs/);
  });
});

describe.each([1e308, -1e308])('two features at %s (the scaled values overflow to ±Infinity)', (extreme) => {
  const extremes = () => withFeatures({ [up]: extreme, [down]: extreme });

  it('without the opt-in: refused, naming both features', () => {
    const error = thrown(() => model().predict([extremes()]), OutOfDistributionError);
    expect(error.inputs.map((i) => i.feature).sort()).toEqual([up, down].sort());
    expect(error.inputs.every((i) => i.value === extreme)).toBe(true);
  });

  it('with the opt-in: finite probabilities, flagged, a warning naming each feature', () => {
    expect(unclampedLinearScore(task, extremes())).toBeNaN(); // Infinity − Infinity without the clamp
    const [p] = model().predict([extremes()], { allowOutOfDistribution: true });
    expectFiniteDistribution(p);
    expect(p.outOfDistribution).toBe(true);
    for (const name of [up, down])
      expect(p.warnings.some((w) => w.includes(name) && w.includes('allowed'))).toBe(true);
  });

  it(`with the opt-in: predicted as if each input were ${MAX_SCALED_INPUT} training SDs (of the scaler) from the mean`, () => {
    // The scaled value of `task`'s inputs is clamped: the same as an input that scales to the bound.
    const t = artifact.tasks[task];
    const atBound = (name: string) => {
      const j = t.inputs.indexOf(name);
      return t.scaler.mean[j] + Math.sign(extreme) * MAX_SCALED_INPUT * t.scaler.std[j];
    };
    const [clamped] = model().predict([extremes()], { allowOutOfDistribution: true });
    const [bound] = model().predict([withFeatures({ [up]: atBound(up), [down]: atBound(down) })], {
      allowOutOfDistribution: true,
    });
    expect(clamped.tasks[task].probability).toBeCloseTo(bound.tasks[task].probability!, 9);
  });
});

describe('no NaN or Infinity leaves predict', () => {
  it('a model whose arithmetic yields NaN gives a NonFinitePredictionError naming the patient', () => {
    const broken = structuredClone(artifact);
    (broken.tasks[task].models.lr.classifier.state as { intercept: number }).intercept = Number.NaN;
    const error = thrown(
      () => loadModel(broken).predict([withFeatures({}, 'P-nan')]),
      NonFinitePredictionError,
    );
    expect(error.patientId).toBe('P-nan');
    expect(error.message).toContain('P-nan');
  });

  it('a patient inside the training range is predicted and not flagged', () => {
    const [p] = model().predict([patient]);
    expectFiniteDistribution(p);
    expect(p.outOfDistribution).toBe(false);
  });
});
