// POST /v1/predictions with the real model and inputs far outside its training distribution: 422
// naming patient, feature, value and range past the reject bound; ?allowOutOfDistribution=true
// predicts, flagged; never a 5xx, never a NaN (issue 9, fault 1: 1e308 in two features was a 500).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../src/config.js';
import { HER2_STATUSES } from '../../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../../src/model/artifact.js';
import { NonFinitePredictionError, type PatientInput } from '../../../src/model/her2Model.js';
import { loadModel } from '../../../src/model/loadModel.js';
import { toErrorResponse } from '../../../src/plugins/errors.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';
import { opposingOverflowingFeatures, sdsAbove } from '../../helpers/outOfDistributionInputs.js';
import { patientInput, trainedDemoModel } from '../../helpers/trainedDemoModel.js';

let artifact: ModelArtifact;
let patient: PatientInput;
/** Two features of an LR task with coefficients of opposite signs whose scaled 1e308 overflows (that made the 500). */
let pair: [string, string];

beforeAll(async () => {
  const demo = await trainedDemoModel();
  artifact = demo.artifact;
  patient = patientInput(demo.cohort, 0, artifact.input.features);
  const { up, down } = opposingOverflowingFeatures(artifact);
  pair = [up, down];
});

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const realApp = async (config: Partial<ServiceConfig> = {}) =>
  (t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel, config }));

const post = (app: TestApp, patients: PatientInput[], query = '') =>
  app.app.inject({
    method: 'POST',
    url: `/v1/predictions${query}`,
    headers: auth(KEYS.predict),
    payload: { patients },
  });

const withFeatures = (id: string, values: Record<string, number>): PatientInput => ({
  ...patient,
  id,
  features: { ...patient.features, ...values },
});

const above = (name: string, sds: number) => sdsAbove(artifact, name, sds);

describe.each([1e308, -1e308])('two features at %s', (extreme) => {
  const extremes = () => withFeatures('P-extreme', { [pair[0]]: extreme, [pair[1]]: extreme });

  it('422 naming the patient, each feature, its value and training range', async () => {
    const res = await post(await realApp(), [patient, extremes()]);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error).toBe('Unprocessable Entity');
    const [first] = body.details.map((d: { feature: string }) => d.feature);
    const r = artifact.input.ranges[first];
    for (const part of [
      'P-extreme',
      first,
      String(extreme),
      `[${r.min}, ${r.max}]`,
      'allowOutOfDistribution=true',
    ])
      expect(body.message).toContain(part);
    expect(body.details).toEqual(
      expect.arrayContaining(
        pair.map((feature) => ({
          patientId: 'P-extreme',
          feature,
          value: extreme,
          trainingRange: { min: artifact.input.ranges[feature].min, max: artifact.input.ranges[feature].max },
        })),
      ),
    );
    expect(body.details).toHaveLength(2);
  });

  it('?allowOutOfDistribution=true: 200, finite probabilities, that patient flagged with a warning per feature', async () => {
    const res = await post(await realApp(), [patient, extremes()], '?allowOutOfDistribution=true');
    expect(res.statusCode).toBe(200);
    const [normal, far] = res.json().predictions;
    expect(normal.outOfDistribution).toBe(false);
    expect(far.id).toBe('P-extreme');
    expect(far.outOfDistribution).toBe(true);
    for (const s of HER2_STATUSES) {
      expect(typeof far.tasks[s].probability).toBe('number'); // NaN would serialise as null
      expect(far.distribution[s]).toBeGreaterThanOrEqual(0);
    }
    expect(far.distribution.over + far.distribution.low + far.distribution.zero).toBeCloseTo(1, 12);
    for (const name of pair) expect(far.warnings.some((w: string) => w.includes(name))).toBe(true);
  });
});

describe('the reject bound', () => {
  it('between 3 and 10 SDs: 200 with the milder warning, not flagged; past 10 SDs: 422', async () => {
    const app = await realApp();
    const mild = await post(app, [withFeatures('P', { [pair[0]]: above(pair[0], 9) })]);
    expect(mild.statusCode).toBe(200);
    expect(mild.json().predictions[0]).toMatchObject({
      outOfDistribution: false,
      warnings: [expect.stringContaining('far outside the training range')],
    });
    const far = await post(app, [withFeatures('P', { [pair[0]]: above(pair[0], 11) })]);
    expect(far.statusCode).toBe(422);
  });

  it('comes from the service config (outOfDistributionRejectSds)', async () => {
    const app = await realApp({ outOfDistributionRejectSds: 20 });
    const res = await post(app, [withFeatures('P', { [pair[0]]: above(pair[0], 11) })]);
    expect(res.statusCode).toBe(200);
    expect(res.json().predictions[0].outOfDistribution).toBe(false);
    expect((await post(app, [withFeatures('P', { [pair[0]]: above(pair[0], 21) })])).statusCode).toBe(422);
  });

  it('?allowOutOfDistribution takes only true or false', async () => {
    const app = await realApp();
    const bad = await post(app, [patient], '?allowOutOfDistribution=yes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('allowOutOfDistribution');
    const no = await post(app, [withFeatures('P', { [pair[0]]: 1e308 })], '?allowOutOfDistribution=false');
    expect(no.statusCode).toBe(422);
  });
});

it('a non-finite prediction is answered 422 naming the patient, not 500', () => {
  const { statusCode, body } = toErrorResponse(new NonFinitePredictionError('P-7'));
  expect(statusCode).toBe(422);
  expect(body.message).toContain('P-7');
});
