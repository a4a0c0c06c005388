import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../../helpers/fakeArtifact.js';
import { fakePatient } from '../../helpers/fakeModel.js';
import { FakeTrainer } from '../../helpers/fakeTrainer.js';
import { multipartBody } from '../../helpers/multipart.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const initial = makeFakeArtifact({ label: 'initial', validationAuc: 0.8 });
const cohortCsv = 'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.3\n';

async function submit(app: TestApp, payload: object) {
  return app.app.inject({ method: 'POST', url: '/v1/training-jobs', headers: auth(KEYS.train), payload });
}

async function getJob(app: TestApp, id: string) {
  const res = await app.app.inject({ url: `/v1/training-jobs/${id}`, headers: auth(KEYS.train) });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('/v1/training-jobs', () => {
  it('end to end (JSON): 202 with a job id, the job succeeds, the model is registered and activated', async () => {
    const better = makeFakeArtifact({ label: 'better', validationAuc: 0.83, synthetic: false });
    t = await makeTestApp({
      artifacts: [initial],
      trainer: new FakeTrainer().next({ kind: 'succeed', artifact: better }),
    });
    const res = await submit(t, { cohortCsv, config: { seed: 7 }, activate: true, cohortName: 'site-a.csv' });
    expect(res.statusCode).toBe(202);
    const job = res.json();
    expect(job).toMatchObject({
      state: 'queued',
      model: null,
      activation: { requested: true, activated: false },
    });
    expect(res.headers.location).toBe(`/v1/training-jobs/${job.id}`);
    await t.app.her2.jobs.whenIdle();
    const done = await getJob(t, job.id);
    expect(done).toMatchObject({
      state: 'succeeded',
      percent: 100,
      model: { id: better.id, synthetic: false, syntheticWarning: null },
      activation: { requested: true, activated: true },
      input: { cohortName: 'site-a.csv', inter: false, intra: false, config: { seed: 7 } },
      submittedBy: 'trainer',
    });
    expect(t.trainer.requests[0]).toEqual({ cohortCsv, config: { seed: 7 }, cohortName: 'site-a.csv' });
    const pred = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred.json().model.id).toBe(better.id);
  });

  it('a model that fails the quality gate stays registered but inactive and the job says why', async () => {
    const worse = makeFakeArtifact({ label: 'worse', validationAuc: { over: 0.81, low: 0.8, zero: 0.7 } });
    t = await makeTestApp({
      artifacts: [initial],
      trainer: new FakeTrainer().next({ kind: 'succeed', artifact: worse }),
    });
    const job = (await submit(t, { cohortCsv, activate: true })).json();
    await t.app.her2.jobs.whenIdle();
    const done = await getJob(t, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.model.id).toBe(worse.id);
    expect(done.activation.activated).toBe(false);
    expect(done.activation.reason).toMatch(
      /quality gate failed.*zero: validation AUC 0\.700 is 0\.100 below/,
    );
    const models = (await t.app.inject({ url: '/v1/models', headers: auth(KEYS.admin) })).json();
    expect(models.active).toBe(initial.id);
    expect(models.models.map((m: { id: string }) => m.id)).toContain(worse.id);
  });

  it('end to end (multipart upload): cohort, inter and intra files plus config and activate fields', async () => {
    t = await makeTestApp({ artifacts: [initial] });
    const { payload, headers } = multipartBody([
      { name: 'cohort', filename: 'cohort.csv', value: cohortCsv },
      { name: 'inter', filename: 'inter.csv', value: 'patient_id,f\nP1,1\n' },
      { name: 'intra', filename: 'intra.csv', value: 'patient_id,f\nP1,2\n' },
      { name: 'config', value: '{"seed": 3}' },
      { name: 'activate', value: 'false' },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/training-jobs',
      headers: { ...headers, ...auth(KEYS.train) },
      payload,
    });
    expect(res.statusCode).toBe(202);
    await t.app.her2.jobs.whenIdle();
    const done = await getJob(t, res.json().id);
    expect(done).toMatchObject({
      state: 'succeeded',
      activation: { requested: false, activated: false },
      input: { cohortName: 'cohort.csv', inter: true, intra: true },
    });
    expect(t.trainer.requests[0]).toEqual({
      cohortCsv,
      interCsv: 'patient_id,f\nP1,1\n',
      intraCsv: 'patient_id,f\nP1,2\n',
      config: { seed: 3 },
      cohortName: 'cohort.csv',
    });
  });

  it('rejects malformed uploads with 400 naming the problem', async () => {
    t = await makeTestApp();
    const cases: [Parameters<typeof multipartBody>[0], RegExp][] = [
      [[{ name: 'config', value: '{}' }], /cohort .* is required/],
      [
        [
          { name: 'cohort', filename: 'c.csv', value: cohortCsv },
          { name: 'config', value: '{nope' },
        ],
        /config: not valid JSON/,
      ],
      [
        [
          { name: 'cohort', filename: 'c.csv', value: cohortCsv },
          { name: 'config', value: '[1]' },
        ],
        /config: must be a JSON object/,
      ],
      [
        [
          { name: 'cohort', filename: 'c.csv', value: cohortCsv },
          { name: 'activate', value: 'yes' },
        ],
        /activate/,
      ],
      [
        [
          { name: 'cohort', filename: 'c.csv', value: cohortCsv },
          { name: 'weights', filename: 'w.bin', value: 'x' },
        ],
        /unexpected file field weights/,
      ],
    ];
    for (const [parts, message] of cases) {
      const { payload, headers } = multipartBody(parts);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/training-jobs',
        headers: { ...headers, ...auth(KEYS.train) },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    const json = await submit(t, { cohortCsv: '' });
    expect(json.statusCode).toBe(400);
    const extra = await submit(t, { cohortCsv, model: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(t.trainer.requests).toHaveLength(0);
  });

  it('a failing training job reports the trainer error', async () => {
    t = await makeTestApp({
      trainer: new FakeTrainer().next({
        kind: 'fail',
        message: 'cohort.csv line 3: her2 must be over, low or zero',
      }),
    });
    const job = (await submit(t, { cohortCsv })).json();
    await t.app.her2.jobs.whenIdle();
    expect(await getJob(t, job.id)).toMatchObject({
      state: 'failed',
      error: 'cohort.csv line 3: her2 must be over, low or zero',
      model: null,
    });
  });

  it('answers predictions while a job runs; a second job queues; list shows both with stage and percent', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    t = await makeTestApp({ trainer });
    const j1 = (await submit(t, { cohortCsv })).json();
    const j2 = (await submit(t, { cohortCsv })).json();
    await held.started.promise;
    const pred = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: auth(KEYS.predict),
      payload: { patients: [fakePatient('P')] },
    });
    expect(pred.statusCode).toBe(200);
    const list = await t.app.inject({ url: '/v1/training-jobs', headers: auth(KEYS.admin) });
    expect(list.statusCode).toBe(200);
    const byId = Object.fromEntries(list.json().jobs.map((j: { id: string }) => [j.id, j]));
    expect(byId[j1.id]).toMatchObject({ state: 'running', stage: 'feature selection', percent: 40 });
    expect(byId[j2.id]).toMatchObject({ state: 'queued' });
    const metrics = (await t.app.inject({ url: '/metrics', headers: auth(KEYS.metrics) })).body;
    expect(metrics).toContain('her2_training_jobs{state="running"} 1');
    expect(metrics).toContain('her2_training_jobs{state="queued"} 1');
    held.release.resolve(makeFakeArtifact({ label: 'held' }));
    await t.app.her2.jobs.whenIdle();
    expect((await getJob(t, j1.id)).state).toBe('succeeded');
    expect((await getJob(t, j2.id)).state).toBe('succeeded');
  });

  it('answers 404 for an unknown job', async () => {
    t = await makeTestApp();
    const res = await t.app.inject({
      url: '/v1/training-jobs/00000000-0000-0000-0000-000000000000',
      headers: auth(KEYS.train),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'Not Found' });
  });
});
