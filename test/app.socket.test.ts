/** Over a real socket on 127.0.0.1 (port 0): requests, a request in flight during shutdown, the running job interrupted. */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePatient } from './helpers/fakeModel.js';
import { FakeTrainer, deferred } from './helpers/fakeTrainer.js';
import { KEYS, type TestApp, auth, makeTestApp } from './helpers/testApp.js';
import { gracefulShutdown } from '../src/server.js';
import { DirectoryJobStore } from '../src/jobs/directoryJobStore.js';
import { join } from 'node:path';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close().catch(() => undefined);
  t = undefined;
});

describe('real socket', () => {
  it('serves over TCP, finishes an in-flight request on shutdown and records the running job as interrupted', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    t = await makeTestApp({ trainer });
    const predictionArrived = deferred<void>();
    t.app.addHook('onRequest', async (request) => {
      if (request.url === '/v1/predictions' && request.headers['x-test'] === 'in-flight')
        predictionArrived.resolve();
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;

    const submitted = await fetch(`${base}/v1/training-jobs`, {
      method: 'POST',
      headers: { ...auth(KEYS.train), 'content-type': 'application/json' },
      body: JSON.stringify({ cohortCsv: 'a,b\n1,2\n' }),
    });
    expect(submitted.status).toBe(202);
    const jobId = ((await submitted.json()) as { id: string }).id;
    await held.started.promise;

    const pred = await fetch(`${base}/v1/predictions`, {
      method: 'POST',
      headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
      body: JSON.stringify({ patients: [fakePatient('P')] }),
    });
    expect(pred.status).toBe(200);
    expect(((await pred.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);

    // A request whose body is still arriving when shutdown starts.
    const body = Buffer.from(JSON.stringify({ patients: [fakePatient('late-1'), fakePatient('late-2')] }));
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/v1/predictions`,
        {
          method: 'POST',
          headers: {
            ...auth(KEYS.predict),
            'content-type': 'application/json',
            'content-length': body.length,
            'x-test': 'in-flight',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 20));
      void predictionArrived.promise.then(() => {
        closing = gracefulShutdown(t!.app, 30_000);
        setImmediate(() => req.end(body.subarray(20)));
      });
    });
    let closing: Promise<void> | undefined;
    const finished = await response;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body).predictions.map((p: { id: string }) => p.id)).toEqual([
      'late-1',
      'late-2',
    ]);
    await closing;

    expect(trainer.aborted).toBe(1);
    const store = await DirectoryJobStore.open(join(t.dir, 'jobs'));
    const record = (await store.list()).find((r) => r.id === jobId);
    expect(record?.state).toBe('interrupted');
    expect(record?.error).toMatch(/shut down while this job was running/);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
