/**
 * Fault 3 of issue 9: one byte limit for a whole training upload, a config field over its limit is
 * 413, JSON requests keep their own limit, uploads are streamed to the spool, and a full queue is a
 * 429 with Retry-After.
 */
import { readFile, readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTrainer } from '../../helpers/fakeTrainer.js';
import { makeFakeArtifact } from '../../helpers/fakeArtifact.js';
import { type Part, multipartBody } from '../../helpers/multipart.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const KiB = 1024;
const cohortCsv = 'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.3\n';
const spoolDir = (app: TestApp) => join(app.dir, 'jobs', 'spool');

function upload(app: TestApp, parts: Part[]) {
  const { payload, headers } = multipartBody(parts);
  return app.app.inject({
    method: 'POST',
    url: '/v1/training-jobs',
    headers: { ...headers, ...auth(KEYS.train) },
    payload,
  });
}

/** Three files, each under the limit on its own, together over it. */
const threeFiles = (each: number): Part[] =>
  (['cohort', 'inter', 'intra'] as const).map((name) => ({
    name,
    filename: `${name}.csv`,
    value: `patient_id,f\n${'P1,1\n'.repeat(Math.ceil(each / 5))}`,
  }));

async function expectNothingQueued(app: TestApp): Promise<void> {
  expect(app.app.her2.jobs.list()).toEqual([]);
  expect(await readdir(spoolDir(app))).toEqual([]);
}

describe('POST /v1/training-jobs: limits and the queue', () => {
  it('answers 413 when the files of one request together pass trainingBodyLimit', async () => {
    t = await makeTestApp({ config: { trainingBodyLimit: 64 * KiB } });
    const res = await upload(t, threeFiles(30 * KiB));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(
      /larger than 65536 bytes, the limit for all its files and fields together/,
    );
    await expectNothingQueued(t);
    // the same three files, smaller, are accepted
    expect((await upload(t, threeFiles(10 * KiB))).statusCode).toBe(202);
  });

  it('over a real socket, a chunked upload (no Content-Length) is cut off at the limit with 413 and the connection closed', async () => {
    t = await makeTestApp({ config: { trainingBodyLimit: 64 * KiB } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const { payload, headers } = multipartBody(threeFiles(30 * KiB));
    const res = await new Promise<{ status: number; connection?: string; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/training-jobs',
            headers: { ...headers, ...auth(KEYS.train), 'transfer-encoding': 'chunked' },
          },
          (r) => {
            let body = '';
            r.setEncoding('utf8');
            r.on('data', (c: string) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, connection: r.headers.connection, body }));
          },
        );
        req.on('error', reject);
        for (let at = 0; at < payload.length; at += 8 * KiB) req.write(payload.subarray(at, at + 8 * KiB));
        req.end();
      },
    );
    expect(res.status).toBe(413);
    expect(res.connection).toBe('close');
    expect(JSON.parse(res.body).message).toMatch(/limit for all its files and fields together/);
    await expectNothingQueued(t);
  });

  it('answers 413, not "not valid JSON", for a config field over its limit', async () => {
    t = await makeTestApp({ config: { bodyLimit: 4 * KiB } });
    const res = await upload(t, [
      { name: 'cohort', filename: 'c.csv', value: cohortCsv },
      { name: 'config', value: JSON.stringify({ note: 'x'.repeat(5 * KiB) }) },
    ]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      type: 'https://her2.example/problems/payload-too-large',
      status: 413,
      error: 'Payload Too Large',
      message: 'field config is larger than 4096 bytes',
    });
    await expectNothingQueued(t);
  });

  it('answers 413 for a JSON training request over trainingJsonBodyLimit', async () => {
    t = await makeTestApp({ config: { trainingJsonBodyLimit: 8 * KiB } });
    const big = `${cohortCsv}${'P2,low,training,0,1,0.1\n'.repeat(400)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/training-jobs',
      headers: auth(KEYS.train),
      payload: { cohortCsv: big },
    });
    expect(res.statusCode).toBe(413);
    await expectNothingQueued(t);
  });

  it('streams a queued upload to the spool, trains on it, then removes it', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    t = await makeTestApp({ trainer });
    const first = await upload(t, [{ name: 'cohort', filename: 'a.csv', value: cohortCsv }]);
    await held.started.promise;
    const parts = threeFiles(2 * KiB);
    const res = await upload(t, [...parts, { name: 'config', value: '{"seed": 5}' }]);
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    for (const p of parts)
      expect(await readFile(join(spoolDir(t), id, `${p.name}.csv`), 'utf8')).toBe(p.value);
    held.release.resolve(makeFakeArtifact({ label: 'held' }));
    await t.app.her2.jobs.whenIdle();
    expect(t.trainer.requests[1]).toEqual({
      cohortCsv: parts[0].value,
      interCsv: parts[1].value,
      intraCsv: parts[2].value,
      config: { seed: 5 },
      cohortName: 'cohort.csv',
    });
    expect(first.statusCode).toBe(202);
    expect(await readdir(spoolDir(t))).toEqual([]);
  });

  it('answers 429 with Retry-After when maxQueuedJobs jobs are waiting, for JSON and multipart alike', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    t = await makeTestApp({ trainer, config: { maxQueuedJobs: 1 } });
    const json = () =>
      t!.app.inject({
        method: 'POST',
        url: '/v1/training-jobs',
        headers: auth(KEYS.train),
        payload: { cohortCsv },
      });
    expect((await json()).statusCode).toBe(202); // runs
    await held.started.promise;
    expect((await json()).statusCode).toBe(202); // waits
    for (const res of [
      await json(),
      await upload(t, [{ name: 'cohort', filename: 'c.csv', value: cohortCsv }]),
    ]) {
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('60');
      expect(res.json()).toMatchObject({
        type: 'https://her2.example/problems/queue-full',
        status: 429,
        error: 'Too Many Requests',
        message: 'the training queue is full (1 jobs waiting); try again later',
      });
    }
    expect(t.app.her2.jobs.list()).toHaveLength(2);
    held.release.resolve(makeFakeArtifact({ label: 'held' }));
    await t.app.her2.jobs.whenIdle();
    expect((await json()).statusCode).toBe(202);
  });
});
