import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { deferred } from '../helpers/fakeTrainer.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';
import type { ModelArtifact } from '../../src/model/artifact.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('health, readiness, metrics', () => {
  it('GET /healthz is alive even without a model', async () => {
    t = await makeTestApp({ activate: null });
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 503 without an active model and 200 with one', async () => {
    t = await makeTestApp({ activate: null });
    const not = await t.app.inject({ url: '/readyz' });
    expect(not.statusCode).toBe(503);
    expect(not.json()).toMatchObject({
      status: 503,
      error: 'Service Unavailable',
      message: 'not ready: no active model',
    });
    // Not ready is an expected state: logged as a warning, without an error stack.
    const refused = t.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request refused');
    expect(refused).toMatchObject({ level: 40, statusCode: 503, reason: 'not ready: no active model' });
    expect(t.logLines.join('')).not.toContain('"stack"');
    const a = makeFakeArtifact({ label: 'x' });
    await t.close();
    t = await makeTestApp({ artifacts: [a] });
    const ok = await t.app.inject({ url: '/readyz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ready', model: { id: a.id, synthetic: true } });
  });

  it('on first start with an empty registry, bootstraps the default model, registers and activates it', async () => {
    const boot = makeFakeArtifact({ label: 'bootstrap' });
    const gate = deferred<ModelArtifact>();
    let calls = 0;
    t = await makeTestApp({
      artifacts: [],
      bootstrapModel: () => {
        calls++;
        return gate.promise;
      },
    });
    await t.app.ready();
    const during = await t.app.inject({ url: '/readyz' });
    expect(during.statusCode).toBe(503);
    expect(during.json().message).toMatch(/training the default model/);
    gate.resolve(boot);
    await t.app.her2.bootstrapped;
    expect(calls).toBe(1);
    expect((await t.app.inject({ url: '/readyz' })).json().model.id).toBe(boot.id);
    expect((await t.registry.getActive())?.id).toBe(boot.id);
    const pred = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred.json().model).toMatchObject({ id: boot.id, synthetic: true });
  });

  it('does not bootstrap when a model is already active', async () => {
    let calls = 0;
    t = await makeTestApp({ bootstrapModel: async () => (calls++, makeFakeArtifact({ label: 'unused' })) });
    await t.app.ready();
    await t.app.her2.bootstrapped;
    expect(calls).toBe(0);
  });

  it('GET /metrics exposes latency histograms by route, jobs by state and the active model gauge', async () => {
    const a = makeFakeArtifact({ label: 'metrics' });
    t = await makeTestApp({ artifacts: [a] });
    await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    const res = await t.app.inject({ url: '/metrics', headers: auth(KEYS.metrics) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/v1\/predictions",status_code="200"\} 1/,
    );
    expect(res.body).toContain(`her2_active_model_info{model_id="${a.id}",synthetic="true"} 1`);
    expect(res.body).toContain('her2_training_jobs{state="failed"} 0');
  });

  it('GET /metrics needs a metrics or admin key when keys are configured (issue 9, fault 8)', async () => {
    t = await makeTestApp();
    const get = (headers: Record<string, string> = {}) => t!.app.inject({ url: '/metrics', headers });
    const none = await get();
    expect(none.statusCode).toBe(401);
    expect(none.body).not.toContain('her2_');
    const predictOnly = await get(auth(KEYS.predict));
    expect(predictOnly.statusCode).toBe(403);
    expect(predictOnly.json().message).toContain('metrics or admin');
    for (const key of [KEYS.metrics, KEYS.admin]) {
      const res = await get(auth(key));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('her2_active_model_info{');
    }
  });

  it('GET /metrics is open when the service runs without API keys', async () => {
    t = await makeTestApp({ apiKeys: [] });
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('her2_active_model_info{');
  });
});
