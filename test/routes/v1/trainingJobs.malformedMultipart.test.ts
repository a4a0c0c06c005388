/** Fault 2 of issue 9: malformed multipart bodies are 400s naming the problem, never 500s, and queue nothing. */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/plugins/errors.js';
import {
  TRUNCATED_MESSAGE,
  multipartClientError,
} from '../../../src/routes/v1/training-jobs/multipartErrors.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const cohortPart = (b: string) =>
  `--${b}\r\nContent-Disposition: form-data; name="cohort"; filename="c.csv"\r\n\r\npatient_id,her2\r\nP1,over\r\n`;

function post(app: TestApp, contentType: string, payload: string | Buffer) {
  return app.app.inject({
    method: 'POST',
    url: '/v1/training-jobs',
    headers: { ...auth(KEYS.train), 'content-type': contentType },
    payload,
  });
}

async function expectNothingQueued(app: TestApp): Promise<void> {
  expect(app.app.her2.jobs.list()).toEqual([]);
  await app.app.her2.jobs.whenIdle();
  expect(app.trainer.requests).toHaveLength(0);
}

describe('POST /v1/training-jobs with a malformed multipart body', () => {
  it('answers 400 naming the problem for each kind of malformed body', async () => {
    t = await makeTestApp();
    const long = 'b'.repeat(300);
    const cases: [string, string, string | Buffer, RegExp][] = [
      ['no boundary (curl --data x)', 'multipart/form-data', 'x', /needs a boundary parameter/],
      ['empty boundary', 'multipart/form-data; boundary=""', 'x', /needs a boundary parameter/],
      [
        'boundary over 256 characters',
        `multipart/form-data; boundary=${long}`,
        `${cohortPart(long)}--${long}--\r\n`,
        /boundary is 300 characters long; at most 252/,
      ],
      [
        'truncated inside a file',
        'multipart/form-data; boundary=zz',
        cohortPart('zz').slice(0, -6),
        /truncated/,
      ],
      [
        'truncated after a complete file, before the closing boundary',
        'multipart/form-data; boundary=zz',
        `${cohortPart('zz')}--zz`,
        /truncated/,
      ],
      [
        'truncated inside a part header',
        'multipart/form-data; boundary=zz',
        '--zz\r\nContent-Dispo',
        /truncated/,
      ],
      ['binary garbage', 'multipart/form-data; boundary=zz', Buffer.from([0xff, 0xfe, 0, 1, 2]), /truncated/],
      [
        'a field declared JSON that is not',
        'multipart/form-data; boundary=zz',
        `${cohortPart('zz')}--zz\r\nContent-Disposition: form-data; name="config"\r\nContent-Type: application/json\r\n\r\n{x\r\n--zz--\r\n`,
        /declared application\/json is not valid JSON/,
      ],
    ];
    for (const [what, contentType, payload, message] of cases) {
      const res = await post(t, contentType, payload);
      expect(res.statusCode, what).toBe(400);
      expect(res.json(), what).toMatchObject({
        status: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
    }
    await expectNothingQueued(t);
  });

  it('still accepts a complete body (the truncation check does not reject well-formed uploads)', async () => {
    t = await makeTestApp();
    const res = await post(t, 'multipart/form-data;boundary=zz', `${cohortPart('zz')}--zz--\r\n`);
    expect(res.statusCode).toBe(202);
    await t.app.her2.jobs.whenIdle();
    expect(t.trainer.requests[0].cohortCsv).toBe('patient_id,her2\r\nP1,over');
  });

  it('maps any other busboy error to 400 and keeps statuses the plugin already set', () => {
    const other = multipartClientError(new Error('Malformed part header'));
    expect(other).toBeInstanceOf(HttpError);
    expect(other).toMatchObject({
      statusCode: 400,
      message: 'malformed multipart body: Malformed part header',
    });
    expect(multipartClientError(new Error('Premature close'))).toMatchObject({
      statusCode: 400,
      message: TRUNCATED_MESSAGE,
    });
    const limit = Object.assign(new Error('reach files limit'), { statusCode: 413 });
    expect(multipartClientError(limit)).toBe(limit);
    const http = new HttpError(422, 'x');
    expect(multipartClientError(http)).toBe(http);
  });

  it('over a real socket: a chunked body that ends before its closing boundary is a 400', async () => {
    t = await makeTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const send = (contentType: string, chunks: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/training-jobs',
            headers: { ...auth(KEYS.train), 'content-type': contentType, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        for (const c of chunks) req.write(c);
        req.end();
      });
    // The cohort file's content stops mid-row and the request ends there.
    const part = cohortPart('zz');
    const truncated = await send('multipart/form-data; boundary=zz', [part.slice(0, 50), part.slice(50, -6)]);
    expect(truncated.status).toBe(400);
    expect(JSON.parse(truncated.body).message).toBe(TRUNCATED_MESSAGE);
    const noBoundary = await send('multipart/form-data', ['x']);
    expect(noBoundary.status).toBe(400);
    expect(JSON.parse(noBoundary.body).message).toMatch(/needs a boundary parameter/);
    await expectNothingQueued(t);
  });
});
