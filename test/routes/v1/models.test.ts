import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../../helpers/fakeArtifact.js';
import { fakePatient } from '../../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const a1 = makeFakeArtifact({ label: 'one', createdAt: '2025-01-01T00:00:00.000Z', validationAuc: 0.81 });
const a2 = makeFakeArtifact({
  label: 'two',
  createdAt: '2025-02-01T00:00:00.000Z',
  synthetic: false,
  validationAuc: 0.84,
});

describe('/v1/models', () => {
  it('GET lists versions with summary metrics, the active id and synthetic flags', async () => {
    t = await makeTestApp({ artifacts: [a1, a2] });
    const res = await t.app.inject({ url: '/v1/models', headers: auth(KEYS.predict) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.active).toBe(a1.id);
    expect(body.models.map((m: { id: string }) => m.id)).toEqual([a2.id, a1.id]);
    const [m2, m1] = body.models;
    expect(m1).toMatchObject({
      active: true,
      synthetic: true,
      syntheticWarning: expect.stringMatching(/synthetic/),
    });
    expect(m2).toMatchObject({ active: false, synthetic: false, syntheticWarning: null });
    expect(m2.tasks.over).toMatchObject({
      best: 'lr',
      selectedFeatures: 4,
      validation: { auc: 0.84, ci95: [expect.any(Number), expect.any(Number)] },
    });
  });

  it('GET /:id returns the model card with CIs, features, calibration, provenance and intended use', async () => {
    t = await makeTestApp({ artifacts: [a1] });
    const res = await t.app.inject({ url: `/v1/models/${a1.id}`, headers: auth(KEYS.predict) });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card.model).toMatchObject({ id: a1.id, synthetic: true, active: true });
    expect(card.model.syntheticWarning).toMatch(/not clinical evidence/);
    expect(card.intendedUse).toBe(a1.intendedUse);
    expect(card.provenance.cohortSha256).toBe(a1.provenance.cohortSha256);
    expect(card.tasks.low.selectedFeatures).toEqual(a1.tasks.low.selectedFeatures);
    const lrVal = card.tasks.low.classifiers.lr.metrics.validation;
    expect(lrVal.ci95).toEqual(a1.tasks.low.models.lr.metrics.validation!.ci95);
    expect(lrVal.reliability).toEqual(a1.tasks.low.models.lr.metrics.validation!.reliability);
    expect(card.tasks.low.classifiers.lr.calibration).toEqual({ method: 'sigmoid' });
    expect(JSON.stringify(card)).not.toContain('"state"'); // no classifier internals
  });

  it('GET /:id/report returns the HTML report from the injected renderer', async () => {
    t = await makeTestApp({ artifacts: [a1] });
    const res = await t.app.inject({ url: `/v1/models/${a1.id}/report`, headers: auth(KEYS.predict) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<h1>Model ${a1.id}</h1>`);
  });

  it('answers 404 for unknown ids and 400 for malformed ids', async () => {
    t = await makeTestApp({ artifacts: [a1] });
    for (const url of [`/v1/models/${'b'.repeat(64)}`, `/v1/models/${'b'.repeat(64)}/report`]) {
      const res = await t.app.inject({ url, headers: auth(KEYS.admin) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        error: 'Not Found',
        message: expect.stringContaining('not registered'),
      });
    }
    const act = await t.app.inject({
      method: 'POST',
      url: `/v1/models/${'b'.repeat(64)}/activate`,
      headers: auth(KEYS.admin),
    });
    expect(act.statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/models/${'b'.repeat(64)}`,
      headers: auth(KEYS.admin),
    });
    expect(del.statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/v1/models/..%2F..%2Fetc', headers: auth(KEYS.admin) });
    expect(bad.statusCode).toBe(400);
  });

  it('POST /:id/activate switches the model predictions use; POST /rollback goes back', async () => {
    t = await makeTestApp({ artifacts: [a1, a2] });
    const act = await t.app.inject({
      method: 'POST',
      url: `/v1/models/${a2.id}/activate`,
      headers: auth(KEYS.admin),
    });
    expect(act.statusCode).toBe(200);
    expect(act.json()).toMatchObject({
      model: { id: a2.id, active: true, synthetic: false },
      previous: [a1.id],
    });
    const pred = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred.json().model.id).toBe(a2.id);
    const rb = await t.app.inject({ method: 'POST', url: '/v1/models/rollback', headers: auth(KEYS.admin) });
    expect(rb.statusCode).toBe(200);
    expect(rb.json()).toMatchObject({ model: { id: a1.id, active: true }, previous: [] });
    const pred2 = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred2.json().model.id).toBe(a1.id);
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/models/rollback',
      headers: auth(KEYS.admin),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/no previously active model/);
  });

  it('DELETE refuses the active model (409) and deletes an inactive one (204)', async () => {
    t = await makeTestApp({ artifacts: [a1, a2] });
    const active = await t.app.inject({
      method: 'DELETE',
      url: `/v1/models/${a1.id}`,
      headers: auth(KEYS.admin),
    });
    expect(active.statusCode).toBe(409);
    expect(active.json()).toMatchObject({
      error: 'Conflict',
      message: expect.stringMatching(/active model/),
    });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/models/${a2.id}`,
      headers: auth(KEYS.admin),
    });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    const list = await t.app.inject({ url: '/v1/models', headers: auth(KEYS.admin) });
    expect(list.json().models.map((m: { id: string }) => m.id)).toEqual([a1.id]);
    const pred = await t.app.inject({
      method: 'POST',
      url: `/v1/predictions?model=${a2.id}`,
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred.statusCode).toBe(404);
  });
});
