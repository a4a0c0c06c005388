import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLogger } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SECRET_ID = 'MRN-4411-SENSITIVE';
const SECRET_VALUE = 0.123456789123;

describe('service log', () => {
  it('carries request id, key id, model id, status and latency, but no patient id or feature value', async () => {
    t = await makeTestApp();
    const p = fakePatient(SECRET_ID, 0, { secret_extra_feature: 98765.4321 });
    p.features.original_firstorder_Mean = SECRET_VALUE;
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions?x=1'.replace('?x=1', ''),
      headers: { ...auth(KEYS.predict), 'x-request-id': 'req-abc-1' },
      payload: { patients: [p] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-request-id']).toBe('req-abc-1');
    // error paths too: a 422 and a 400 whose messages name the patient
    const q = fakePatient(SECRET_ID);
    delete q.features.original_glcm_Contrast;
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/predictions',
          headers: auth(KEYS.predict),
          payload: { patients: [q] },
        })
      ).statusCode,
    ).toBe(422);
    const r = fakePatient(SECRET_ID);
    r.clinical.er = 'unknown';
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/predictions',
          headers: auth(KEYS.predict),
          payload: { patients: [r] },
        })
      ).statusCode,
    ).toBe(400);

    const log = t.logLines.join('');
    expect(log).not.toContain(SECRET_ID);
    expect(log).not.toContain(String(SECRET_VALUE));
    expect(log).not.toContain('98765.4321');
    expect(log).not.toContain(KEYS.predict);
    const completed = t.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed');
    expect(completed[0]).toMatchObject({
      reqId: 'req-abc-1',
      keyId: 'predictor',
      modelId: t.app.her2.models.active!.id,
      route: '/v1/predictions',
      statusCode: 200,
      responseTimeMs: expect.any(Number),
    });
    expect(completed.map((l) => l.statusCode)).toEqual([200, 422, 400]);
  });

  it('generates a request id when the client sends none or an unsafe one', async () => {
    t = await makeTestApp();
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('audit log', () => {
  it('records every prediction request: time, key id, model id, number of patients, sha256 of the input', async () => {
    t = await makeTestApp();
    const payload = JSON.stringify({ patients: [fakePatient(SECRET_ID), fakePatient('B')] });
    await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: { ...auth(KEYS.all), 'content-type': 'application/json' },
      payload,
    });
    await t.app.inject({ method: 'POST', url: '/v1/predictions', payload }); // 401: audited too
    expect(t.auditLines).toHaveLength(2);
    const [first, second] = t.auditLines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      keyId: 'everything',
      modelId: t.app.her2.models.active!.id,
      patients: 2,
      inputSha256: createHash('sha256').update(payload).digest('hex'),
      statusCode: 200,
    });
    expect(typeof first.time).toBe('number');
    expect(second).toMatchObject({ keyId: null, statusCode: 401, patients: 0 });
    expect(t.auditLines.join('')).not.toContain(SECRET_ID);
    // the audit stream is separate from the service log
    expect(t.logLines.join('')).not.toContain('inputSha256');
  });

  it('writes to its own configurable file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-audit-'));
    try {
      const file = join(dir, 'nested', 'audit.log');
      const audit = createAuditLogger(resolveConfig({ auditLog: file }));
      audit.info({ keyId: 'k', modelId: 'm', patients: 3, inputSha256: 'abc' });
      await new Promise<void>((resolve, reject) => audit.flush((e) => (e ? reject(e) : resolve())));
      const line = JSON.parse((await readFile(file, 'utf8')).trim());
      expect(line).toMatchObject({
        stream: 'audit',
        keyId: 'k',
        modelId: 'm',
        patients: 3,
        inputSha256: 'abc',
      });
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
