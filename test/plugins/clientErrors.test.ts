/** Requests Node's parser refuses before fastify runs are answered with problem details too. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorResponse } from '../../src/plugins/clientErrors.js';
import { type TestApp, makeTestApp } from '../helpers/testApp.js';

function parse(raw: string) {
  const [head, body] = raw.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) as Record<string, unknown> };
}

describe('clientErrorResponse', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'header-fields-too-large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request-timeout'],
    ['HPE_INVALID_METHOD', 400, 'bad-request'],
  ])('%s → %i %s, with a Content-Length that matches the body', (code, status, kind) => {
    const raw = clientErrorResponse(code);
    const { statusLine, head, body } = parse(raw);
    expect(statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/);
    const length = Number(/Content-Length: (\d+)/.exec(head)?.[1]);
    expect(length).toBe(Buffer.byteLength(raw.slice(raw.indexOf('\r\n\r\n') + 4)));
    expect(body).toMatchObject({ type: `https://her2.example/problems/${kind}`, status });
  });
});

describe('over a socket', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await makeTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers headers beyond the size limit with a 431 problem', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    });
    const { statusLine, body } = parse(raw);
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(body).toMatchObject({
      type: 'https://her2.example/problems/header-fields-too-large',
      status: 431,
    });
  });
});
