import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../../helpers/fakeArtifact.js';
import { fakePatient } from '../../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const post = (app: TestApp, payload: unknown, url = '/v1/predictions') =>
  app.app.inject({ method: 'POST', url, headers: auth(KEYS.predict), payload: payload as object });

describe('POST /v1/predictions', () => {
  it('predicts one patient with calibrated per-task probabilities, a distribution, status and model info', async () => {
    t = await makeTestApp();
    const res = await post(t, { patients: [fakePatient('P-001')] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model).toMatchObject({ id: t.app.her2.models.active!.id, synthetic: true, active: true });
    expect(body.model.syntheticWarning).toMatch(/synthetic data/);
    expect(body.predictions).toHaveLength(1);
    const p = body.predictions[0];
    expect(p.id).toBe('P-001');
    expect(Object.keys(p.tasks).sort()).toEqual(['low', 'over', 'zero']);
    expect(p.tasks.over).toEqual({
      probability: expect.any(Number),
      classifier: 'lr',
      description: expect.any(String),
    });
    const sum = p.distribution.over + p.distribution.low + p.distribution.zero;
    expect(sum).toBeCloseTo(1, 10);
    const argmax = (['over', 'low', 'zero'] as const).reduce((a, b) =>
      p.distribution[b] > p.distribution[a] ? b : a,
    );
    expect(p.status).toBe(argmax);
    expect(p.warnings).toEqual([]);
    expect(p.ignoredFeatures).toEqual([]);
  });

  it('predicts a batch in order, lists unknown features as ignored and warns on out-of-range inputs', async () => {
    t = await makeTestApp();
    const patients = [
      fakePatient('A', 0, { unknown_feature: 3 }),
      fakePatient('B', 5),
      fakePatient('C', -0.4),
    ];
    const res = await post(t, { patients });
    expect(res.statusCode).toBe(200);
    const preds = res.json().predictions;
    expect(preds.map((p: { id: string }) => p.id)).toEqual(['A', 'B', 'C']);
    expect(preds[0].ignoredFeatures).toEqual(['unknown_feature']);
    expect(preds[1].warnings.length).toBeGreaterThan(0);
    expect(preds[1].warnings.join(' ')).toMatch(/outside the training range/);
  });

  it('reports a model that is not synthetic as such', async () => {
    t = await makeTestApp({ artifacts: [makeFakeArtifact({ label: 'real', synthetic: false })] });
    const res = await post(t, { patients: [fakePatient('P')] });
    expect(res.json().model).toMatchObject({ synthetic: false, syntheticWarning: null });
  });

  it('predicts with a registered non-active model given ?model=ID', async () => {
    const active = makeFakeArtifact({ label: 'active' });
    const other = makeFakeArtifact({ label: 'other', features: ['f_only'] });
    t = await makeTestApp({ artifacts: [active, other] });
    const res = await post(
      t,
      { patients: [{ id: 'X', features: { f_only: 1 }, clinical: { er: 0, pr: 0 } }] },
      `/v1/predictions?model=${other.id}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().model).toMatchObject({ id: other.id, active: false });
    const missing = await post(
      t,
      { patients: [fakePatient('P')] },
      `/v1/predictions?model=${'a'.repeat(64)}`,
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'Not Found' });
    const bad = await post(t, { patients: [fakePatient('P')] }, '/v1/predictions?model=../x');
    expect(bad.statusCode).toBe(400);
  });

  it('answers 422 listing every missing required input of every patient', async () => {
    t = await makeTestApp();
    const a = fakePatient('A');
    delete a.features.original_glcm_Contrast;
    const b = fakePatient('B');
    delete (b.clinical as Record<string, unknown>).er;
    const c = { id: 'C', features: fakePatient('C').features }; // no clinical at all
    const res = await post(t, { patients: [a, fakePatient('ok'), b, c] });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error).toBe('Unprocessable Entity');
    expect(body.message).toMatch(/3 patient\(s\) lack required inputs/);
    expect(body.details).toEqual([
      { patientId: 'A', missing: ['original_glcm_Contrast'] },
      { patientId: 'B', missing: ['er'] },
      { patientId: 'C', missing: ['er', 'pr'] },
    ]);
  });

  it.each([
    ['a string "NaN"', 'NaN'],
    ['null', null],
    ['a numeric string', '1.5'],
    ['a boolean', true],
  ])('answers 400 naming the field when a feature value is %s', async (_label, value) => {
    t = await makeTestApp();
    const p = fakePatient('P') as unknown as { features: Record<string, unknown> };
    p.features.original_glcm_Contrast = value;
    const res = await post(t, { patients: [fakePatient('ok'), p] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('Bad Request');
    // A string is a valid shape (categorical inputs are level names): the model names the field; any other
    // type fails the schema, which names its path.
    expect(body.message).toMatch(
      /patients\/1\/features\/original_glcm_Contrast|field features\.original_glcm_Contrast/,
    );
    expect(body.details[0].field).toMatch(/(^|\.)features\.original_glcm_Contrast$/);
  });

  it('answers 400 for a number too large to be finite (1e999 parses to Infinity)', async () => {
    t = await makeTestApp();
    const raw = JSON.stringify({ patients: [fakePatient('P')] }).replace(
      '"original_firstorder_Mean":0.3',
      '"original_firstorder_Mean":1e999',
    );
    expect(raw).toContain('1e999');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
      payload: raw,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('original_firstorder_Mean');
  });

  it('answers 400 naming the field when the model rejects a clinical value', async () => {
    t = await makeTestApp();
    const p = fakePatient('P');
    p.clinical.er = 'maybe';
    const res = await post(t, { patients: [p] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('clinical.er');
    expect(res.json().details).toEqual([{ patientId: 'P', field: 'clinical.er' }]);
  });

  // RFC 9457 members and the earlier fields (error, message), sorted
  const PROBLEM_KEYS = ['detail', 'error', 'instance', 'message', 'status', 'title', 'type'];

  it('answers 400 for malformed bodies with the uniform error body', async () => {
    t = await makeTestApp();
    for (const payload of [
      {},
      { patients: [] },
      { patients: [{ id: 'x' }] },
      { patients: [fakePatient('P')], extra: 1 },
    ]) {
      const res = await post(t, payload);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json()).sort()).toEqual([...PROBLEM_KEYS, 'details'].sort());
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
      payload: '{"patients": [',
    });
    expect(notJson.statusCode).toBe(400);
    expect(Object.keys(notJson.json()).sort()).toEqual(PROBLEM_KEYS);
    const proto = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
      payload: '{"patients":[{"id":"p","features":{},"__proto__":{"x":1}}]}',
    });
    expect(proto.statusCode).toBe(400);
  });

  it('enforces the configured batch limit and body limit', async () => {
    t = await makeTestApp({ config: { batchLimit: 3, predictionBodyLimit: 4096 } });
    const four = await post(t, { patients: ['a', 'b', 'c', 'd'].map((id) => fakePatient(id)) });
    expect(four.statusCode).toBe(400);
    expect(four.json().message).toMatch(/must NOT have more than 3 items/);
    const three = await post(t, { patients: ['a', 'b', 'c'].map((id) => fakePatient(id)) });
    expect(three.statusCode).toBe(200);
    const bigPayload = {
      patients: [
        fakePatient('a', 0, Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`extra_${i}`, i]))),
      ],
    };
    expect(JSON.stringify(bigPayload).length).toBeGreaterThan(4096);
    const big = await post(t, bigPayload);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe('Payload Too Large');
  });

  it('fits the default limits: 10,000 patients with 20 features each', async () => {
    t = await makeTestApp();
    const extra = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`wavelet-HHL_glrlm_RunLengthNonUniformity_${i}`, 1234.56789 + i]),
    );
    const patients = Array.from({ length: 10_000 }, (_, i) =>
      fakePatient(`patient-${i}`, (i % 7) / 10, extra),
    );
    const res = await post(t, { patients });
    expect(res.statusCode).toBe(200);
    expect(res.json().predictions).toHaveLength(10_000);
    const over = await post(t, { patients: [...patients, fakePatient('one-too-many')] });
    expect(over.statusCode).toBe(400);
  });

  it('answers 503 when no model is active', async () => {
    t = await makeTestApp({ activate: null });
    const res = await post(t, { patients: [fakePatient('P')] });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/no model is loaded/);
  });

  it('counts predictions by predicted status in /metrics', async () => {
    t = await makeTestApp();
    const res = await post(t, { patients: [fakePatient('A'), fakePatient('B', 3), fakePatient('C', -3)] });
    const statuses: string[] = res.json().predictions.map((p: { status: string }) => p.status);
    const metrics = (await t.app.inject({ url: '/metrics', headers: auth(KEYS.metrics) })).body;
    for (const s of new Set(statuses)) {
      const n = statuses.filter((x) => x === s).length;
      expect(metrics).toMatch(
        new RegExp(`her2_predictions_total\\{status="${s}",model_id="[0-9a-f]{64}"\\} ${n}\\b`),
      );
    }
  });
});
