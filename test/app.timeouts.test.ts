/**
 * Fault 6 of issue 9, over a real socket with small configured timeouts: a client that sends its
 * headers and part of a body, then nothing, is answered 408 and cut off; training uploads have the
 * longer upload allowance instead; headers that never finish are cut off too.
 */
import { type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../src/config.js';
import { fakePatient } from './helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from './helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function listening(config: Partial<ServiceConfig>): Promise<number> {
  t = await makeTestApp({ config });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
}

/** Write `text` on a raw connection, send nothing more, and collect what the server says until it closes. */
function stall(port: number, text: string): Promise<{ response: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (response += c));
    socket.on('error', reject);
    socket.on('close', () => resolve({ response, socket }));
  });
}

function headers(path: string, contentType: string, length: number, extra: Record<string, string> = {}) {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Content-Type: ${contentType}`,
    `Content-Length: ${length}`,
    ...Object.entries({ ...extra }).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

// The upload allowance is far beyond the test's own timeout: whatever cuts a JSON request off within
// the test is the JSON deadline.
const JSON_DEADLINE = { requestTimeoutMs: 300, uploadTimeoutMs: 600_000 };

describe('request timeouts', () => {
  it('answers 408 and closes the connection when a JSON body stops arriving', async () => {
    const port = await listening(JSON_DEADLINE);
    const body = JSON.stringify({ patients: [fakePatient('P')] });
    const { response, socket } = await stall(
      port,
      headers('/v1/predictions', 'application/json', body.length, auth(KEYS.predict)) + body.slice(0, 10),
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: 'https://her2.example/problems/request-timeout',
      status: 408,
      error: 'Request Timeout',
      message: 'the request body did not arrive within 300 ms',
    });
    expect(socket.destroyed).toBe(true);
    // the service still answers, and logged the refusal as a client's, without any warning
    expect((await t!.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const levels = t!.logLines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(levels.filter((l) => l.level >= 40)).toEqual([]);
    expect(levels.map((l) => l.msg)).toContain('request rejected');
  });

  it('cuts off a client whose headers never finish', async () => {
    const port = await listening(JSON_DEADLINE);
    const { response } = await stall(port, 'POST /v1/predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty');
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('gives a training upload the upload allowance: not cut at the JSON deadline, cut at its own', async () => {
    // The JSON deadline is far shorter than the upload allowance; the stalled upload must outlive
    // the first and be cut off by the second.
    const port = await listening({ requestTimeoutMs: 100, uploadTimeoutMs: 1_000 });
    const part = '--zz\r\nContent-Disposition: form-data; name="cohort"; filename="c.csv"\r\n\r\npatient_id';
    const stalled = stall(
      port,
      headers('/v1/training-jobs', 'multipart/form-data; boundary=zz', 10_000, auth(KEYS.train)) + part,
    );
    const { response } = await stalled;
    // Which timeout fired is in the body: the JSON deadline's message, or Node's request timeout
    // (answered by the client-error handler, src/plugins/clientErrors.ts).
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(response).not.toMatch(/did not arrive within 100 ms/);
    expect(response).toMatch(/did not arrive within the request timeout/);
    expect(t!.app.her2.jobs.list()).toEqual([]);
  });
});
