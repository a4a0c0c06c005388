/**
 * Two 500s the fuzz test found on POST /v1/training-jobs (test/fuzz/hostileInput.test.ts): a body sent
 * as text/plain reached the JSON handler as a string, and a config nested thousands of levels deep
 * overflowed the stack when the job record was copied. Now 415, and 400 naming the config field (the
 * config is checked when the job is submitted, as the trainer would check it), with nothing queued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { multipartBody } from '../../helpers/multipart.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const cohortCsv = 'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.3\n';
const deepConfig = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const post = (app: TestApp, contentType: string, payload: string | Buffer) =>
  app.app.inject({
    method: 'POST',
    url: '/v1/training-jobs',
    headers: { ...auth(KEYS.train), 'content-type': contentType },
    payload,
  });

async function expectNothingQueued(app: TestApp): Promise<void> {
  await app.app.her2.jobs.whenIdle();
  expect(app.app.her2.jobs.list()).toEqual([]);
  expect(app.trainer.requests).toHaveLength(0);
}

describe('POST /v1/training-jobs with a hostile body', () => {
  it('answers 415 for a body that is neither JSON nor multipart', async () => {
    t = await makeTestApp();
    for (const payload of [JSON.stringify({ cohortCsv }), cohortCsv, '']) {
      const res = await post(t, 'text/plain', payload);
      expect(res.statusCode, payload).toBe(415);
      expect(res.json().error).toBe('Unsupported Media Type');
    }
    await expectNothingQueued(t);
  });

  it('answers 400 naming the field for a JSON config nested 50,000 levels deep', async () => {
    t = await makeTestApp();
    const res = await post(
      t,
      'application/json',
      `{"cohortCsv":${JSON.stringify(cohortCsv)},"config":${deepConfig(50_000)}}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      type: 'https://her2.example/problems/bad-request',
      status: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^config field "a": unknown option/),
    });
    await expectNothingQueued(t);
  });

  it('answers 400 naming the field for a multipart config nested 50,000 levels deep', async () => {
    t = await makeTestApp();
    const { payload, headers } = multipartBody([
      { name: 'cohort', filename: 'c.csv', value: cohortCsv },
      { name: 'config', value: deepConfig(50_000) },
    ]);
    const res = await post(t, headers['content-type'], payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^config field "a": unknown option/);
    await expectNothingQueued(t);
  });

  it('answers 400 naming the field for a config the trainer would refuse, and accepts a valid one with a seed', async () => {
    t = await makeTestApp();
    const cases: [string, RegExp][] = [
      ['{"mrmrK":"eight"}', /config field "mrmrK": must be a finite number/],
      ['{"classifiers":["lr","xgboost"]}', /config field "classifiers": unknown value "xgboost"/],
      ['{"seed":-1}', /config field "seed": must be an integer/],
      ['{"tasks":[[[[]]]]}', /config field "tasks\[0\]"/],
    ];
    for (const [config, message] of cases) {
      const res = await post(
        t,
        'application/json',
        `{"cohortCsv":${JSON.stringify(cohortCsv)},"config":${config}}`,
      );
      expect(res.statusCode, config).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    // Fastify's JSON parser refuses a __proto__ key itself; a multipart config field is parsed by the route.
    const { payload, headers } = multipartBody([
      { name: 'cohort', filename: 'c.csv', value: cohortCsv },
      { name: 'config', value: '{"__proto__":{"polluted":true}}' },
    ]);
    const polluting = await post(t, headers['content-type'], payload);
    expect(polluting.statusCode).toBe(400);
    expect(polluting.json().message).toMatch(/^config field "__proto__": unknown option/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectNothingQueued(t);
    const ok = await post(
      t,
      'application/json',
      JSON.stringify({ cohortCsv, config: { seed: 7, mrmrK: 4 } }),
    );
    expect(ok.statusCode).toBe(202);
  });
});
