/** DELETE /v1/training-jobs/:id on the embedded service (directory job store, in-process queue). */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../../helpers/fakeArtifact.js';
import { FakeTrainer } from '../../helpers/fakeTrainer.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const cohortCsv = 'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.3\n';

async function submit(app: TestApp): Promise<string> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/v1/training-jobs',
    headers: auth(KEYS.train),
    payload: { cohortCsv, activate: true },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
}

const cancel = (app: TestApp, id: string, key: string = KEYS.train) =>
  app.app.inject({ method: 'DELETE', url: `/v1/training-jobs/${id}`, headers: auth(key) });

describe('DELETE /v1/training-jobs/:id', () => {
  it('cancels a queued job at once (200) and stops a running one (202), registering nothing', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    t = await makeTestApp({ trainer });
    const running = await submit(t);
    await held.started.promise;
    const queued = await submit(t);

    const q = await cancel(t, queued);
    expect(q.statusCode).toBe(200);
    expect(q.json()).toMatchObject({
      state: 'cancelled',
      error: expect.stringMatching(/cancelled by a request/),
      activation: { requested: true, activated: false, reason: 'job cancelled' },
    });
    expect(await readdir(join(t.dir, 'jobs', 'spool'))).not.toContain(queued);

    const r = await cancel(t, running);
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ state: 'running', cancelRequested: true });
    await t.app.her2.jobs.whenIdle();
    expect(trainer.aborted).toBe(1);
    const after = await t.app.inject({ url: `/v1/training-jobs/${running}`, headers: auth(KEYS.train) });
    expect(after.json()).toMatchObject({ state: 'cancelled', model: null });
    expect(after.json()).not.toHaveProperty('cancelRequested');
    // only the model the test app started with is registered
    expect(await t.registry.list()).toHaveLength(1);
    // the cancelled queued job never reached the trainer
    expect(trainer.requests).toHaveLength(1);
  });

  it('answers 409 for a job that has ended, 404 for an unknown one, 403 without the train role', async () => {
    t = await makeTestApp({
      trainer: new FakeTrainer().next({ kind: 'succeed', artifact: makeFakeArtifact({ label: 'x' }) }),
    });
    const id = await submit(t);
    await t.app.her2.jobs.whenIdle();
    const ended = await cancel(t, id);
    expect(ended.statusCode).toBe(409);
    expect(ended.json().message).toMatch(/already ended \(succeeded\)/);
    expect((await cancel(t, '00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await cancel(t, 'not/an id')).statusCode).toBe(404);
    expect((await cancel(t, id, KEYS.predict)).statusCode).toBe(403);
    const again = await t.app.inject({ url: `/v1/training-jobs/${id}`, headers: auth(KEYS.train) });
    expect(again.json().state).toBe('succeeded');
  });
});
