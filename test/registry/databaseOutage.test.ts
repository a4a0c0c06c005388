/**
 * The database goes away for 5 s under two replicas: predictions keep being served from the loaded
 * model, writes answer 503 with a clear message (never 500), and everything recovers when it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, auth } from '../helpers/testApp.js';
import { usePostgres } from '../support/usePostgres.js';
import { type Replica, startReplica } from '../support/postgresReplica.js';

const OUTAGE_MS = 5000;
const postgres = usePostgres();
const a1 = makeFakeArtifact({ label: 'out1', createdAt: '2025-01-01T00:00:00.000Z' });
const a2 = makeFakeArtifact({ label: 'out2', createdAt: '2025-02-01T00:00:00.000Z' });

let a: Replica;
let b: Replica;
beforeAll(async () => {
  const url = await postgres.freshDatabase('outage');
  const pool = createPool(url);
  await runMigrations(pool);
  await pool.end();
  a = await startReplica(url, { artifacts: [a1, a2] });
  b = await startReplica(url, { pollMs: 500 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function predict(r: Replica): Promise<{ status: number; modelId?: string }> {
  const res = await r.app.inject({
    method: 'POST',
    url: '/v1/predictions',
    headers: auth(KEYS.predict),
    payload: { patients: [fakePatient('P1')] },
  });
  return { status: res.statusCode, modelId: res.statusCode === 200 ? res.json().model.id : undefined };
}

async function activate(r: Replica, id: string) {
  return r.app.inject({ method: 'POST', url: `/v1/models/${id}/activate`, headers: auth(KEYS.admin) });
}

describe('PostgreSQL outage', () => {
  it('serves predictions from the loaded model, refuses writes with 503, and recovers', async () => {
    expect(await predict(b)).toEqual({ status: 200, modelId: a1.id });
    await postgres.server.stop();

    const predictions: { status: number; modelId?: string }[] = [];
    const writes: { status: number; body: Record<string, unknown>; retryAfter: unknown }[] = [];
    const end = Date.now() + OUTAGE_MS;
    while (Date.now() < end) {
      predictions.push(await predict(a), await predict(b));
      for (const res of [
        await activate(a, a2.id),
        await b.app.inject({ method: 'POST', url: '/v1/models/rollback', headers: auth(KEYS.admin) }),
      ]) {
        writes.push({ status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] });
      }
      await sleep(250);
    }
    await postgres.server.restart();

    expect(predictions.length).toBeGreaterThan(4);
    expect(predictions.filter((p) => p.status !== 200 || p.modelId !== a1.id)).toEqual([]);
    expect(writes.length).toBeGreaterThan(4);
    for (const w of writes) {
      expect(w.status).toBe(503);
      expect(w.retryAfter).toBe('5');
      expect(w.body.error).toBe('Service Unavailable');
      expect(w.body.message).toMatch(/^the model registry database is unavailable \(.+\): .*retry later$/s);
    }

    // Back: writes succeed through A (the pool reconnects), and B, whose listener reconnects, follows.
    let res = await activate(a, a2.id);
    for (let i = 0; i < 50 && res.statusCode === 503; i++) {
      await sleep(100);
      res = await activate(a, a2.id);
    }
    expect(res.statusCode).toBe(200);
    let served = await predict(b);
    for (let i = 0; i < 100 && served.modelId !== a2.id; i++) {
      await sleep(50);
      served = await predict(b);
    }
    expect(served).toEqual({ status: 200, modelId: a2.id });
    const list = await b.app.inject({ method: 'GET', url: '/v1/models', headers: auth(KEYS.admin) });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ active: a2.id, previous: [a1.id] });
  });
});
