/** The auth matrix: every route × no key / invalid key / wrong role / right role. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, type TestApp, makeTestApp } from '../helpers/testApp.js';

const a1 = makeFakeArtifact({ label: 'm1' });
const a2 = makeFakeArtifact({ label: 'm2' });
type KeyName = keyof typeof KEYS;

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  payload?: object;
  /** Keys that must be let through; null = open route. */
  allowed: KeyName[] | null;
}

const ALL: KeyName[] = ['predict', 'train', 'admin', 'metrics', 'all'];
const routes: RouteCase[] = [
  { name: 'healthz', method: 'GET', url: '/healthz', allowed: null },
  { name: 'readyz', method: 'GET', url: '/readyz', allowed: null },
  { name: 'metrics', method: 'GET', url: '/metrics', allowed: ['metrics', 'admin', 'all'] },
  { name: 'docs', method: 'GET', url: '/docs/json', allowed: null },
  {
    name: 'predict',
    method: 'POST',
    url: '/v1/predictions',
    payload: { patients: [fakePatient('P')] },
    allowed: ['predict', 'all'],
  },
  { name: 'list models', method: 'GET', url: '/v1/models', allowed: ALL },
  { name: 'model card', method: 'GET', url: `/v1/models/${a1.id}`, allowed: ALL },
  { name: 'model report', method: 'GET', url: `/v1/models/${a1.id}/report`, allowed: ALL },
  // activating the already-active model: idempotent, so the matrix can run it repeatedly
  { name: 'activate', method: 'POST', url: `/v1/models/${a1.id}/activate`, allowed: ['admin', 'all'] },
  // a cohort the parser refuses (400) once authorized: what matters is it gets past auth
  {
    name: 'evaluate',
    method: 'POST',
    url: `/v1/models/${a1.id}/evaluations`,
    payload: { cohortCsv: 'a,b\n1,2\n' },
    allowed: ['train', 'all'],
  },
  // rollback / delete answer 409 / 404 here once authorized: what matters is they get past auth
  { name: 'rollback', method: 'POST', url: '/v1/models/rollback', allowed: ['admin', 'all'] },
  { name: 'delete', method: 'DELETE', url: `/v1/models/${'c'.repeat(64)}`, allowed: ['admin', 'all'] },
  {
    name: 'submit job',
    method: 'POST',
    url: '/v1/training-jobs',
    payload: { cohortCsv: 'a,b\n1,2\n' },
    allowed: ['train', 'all'],
  },
  { name: 'list jobs', method: 'GET', url: '/v1/training-jobs', allowed: ['train', 'admin', 'all'] },
  {
    name: 'get job',
    method: 'GET',
    url: '/v1/training-jobs/00000000-0000-0000-0000-000000000000',
    allowed: ['train', 'admin', 'all'],
  },
];

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ artifacts: [a1, a2] });
});
afterAll(async () => {
  await t.close();
});

const inject = (r: RouteCase, headers: Record<string, string>) =>
  t.app.inject({ method: r.method, url: r.url, headers, ...(r.payload ? { payload: r.payload } : {}) });

describe.each(routes)('$method $url ($name)', (r) => {
  if (r.allowed === null) {
    it('is open: no key needed', async () => {
      const res = await inject(r, {});
      expect([200, 503]).toContain(res.statusCode);
    });
    return;
  }
  it('no key → 401', async () => {
    const res = await inject(r, {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      type: 'https://her2.example/problems/unauthorized',
      status: 401,
      error: 'Unauthorized',
      message: expect.stringMatching(/API key is required/),
    });
  });
  it('unknown key → 401', async () => {
    const res = await inject(r, { authorization: 'Bearer not-a-configured-key-000000' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('invalid API key');
  });
  const denied = ALL.filter((k) => !r.allowed!.includes(k));
  for (const k of denied) {
    it(`${k} key → 403`, async () => {
      const res = await inject(r, { authorization: `Bearer ${KEYS[k]}` });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('Forbidden');
    });
  }
  for (const k of r.allowed) {
    it(`${k} key → authorized`, async () => {
      const res = await inject(r, { authorization: `Bearer ${KEYS[k]}` });
      expect([401, 403]).not.toContain(res.statusCode);
      expect(res.statusCode).toBeLessThan(500);
    });
  }
});

describe('key presentation', () => {
  it('accepts the x-api-key header as well as a bearer token', async () => {
    const res = await t.app.inject({ url: '/v1/models', headers: { 'x-api-key': KEYS.predict } });
    expect(res.statusCode).toBe(200);
  });

  it('accepts a key configured by its sha256 only', async () => {
    const { createHash } = await import('node:crypto');
    const key = 'hashed-key-abcdefghijklmnop';
    const local = await makeTestApp({
      apiKeys: [{ id: 'h', sha256: createHash('sha256').update(key).digest('hex'), roles: ['predict'] }],
    });
    try {
      expect(
        (await local.app.inject({ url: '/v1/models', headers: { authorization: `Bearer ${key}` } }))
          .statusCode,
      ).toBe(200);
      expect(
        (await local.app.inject({ url: '/v1/models', headers: { authorization: `Bearer ${key}x` } }))
          .statusCode,
      ).toBe(401);
    } finally {
      await local.close();
    }
  });

  it('a key verified once keeps its own roles on later requests; near-miss keys stay rejected', async () => {
    const get = (key: string) =>
      t.app.inject({ url: '/v1/models', headers: { authorization: `Bearer ${key}` } });
    const rollback = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/models/rollback',
        headers: { authorization: `Bearer ${key}` },
      });
    for (let i = 0; i < 3; i++) {
      expect((await get(KEYS.predict)).statusCode).toBe(200);
      expect((await rollback(KEYS.predict)).statusCode).toBe(403);
      for (const wrong of [KEYS.predict.slice(0, -1), `${KEYS.predict}x`, KEYS.predict.toUpperCase()])
        expect((await get(wrong)).statusCode).toBe(401);
    }
  });

  it('needs a key for unknown routes too (404 only after authentication)', async () => {
    expect((await t.app.inject({ url: '/v1/nope' })).statusCode).toBe(401);
    const res = await t.app.inject({ url: '/v1/nope', headers: { authorization: `Bearer ${KEYS.predict}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, error: 'Not Found', message: 'no route GET /v1/nope' });
  });

  it('with no keys configured every route is open', async () => {
    const open = await makeTestApp({ apiKeys: [] });
    try {
      const res = await open.app.inject({ method: 'POST', url: '/v1/models/rollback' });
      expect(res.statusCode).toBe(409);
      const pred = await open.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        payload: { patients: [fakePatient('P')] },
      });
      expect(pred.statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
