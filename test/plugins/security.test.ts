import { afterEach, describe, expect, it } from 'vitest';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('security headers, CORS, rate limiting, Swagger UI', () => {
  it('sets helmet security headers with a CSP that has no upgrade-insecure-requests', async () => {
    t = await makeTestApp();
    const res = await t.app.inject({ url: '/v1/models', headers: auth(KEYS.predict) });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('serves Swagger UI at /docs with a CSP that allows its own scripts and styles', async () => {
    t = await makeTestApp();
    const html = await t.app.inject({ url: '/docs' });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('swagger-ui');
    const csp = String(html.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: validator.swagger.io");
    // every script the page loads is a same-origin file (no inline script the CSP would block)
    const scripts = [...html.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src="\.?\/?/);
      expect(inline.trim()).toBe('');
    }
    const init = await t.app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('json');
  });

  it('has CORS off by default', async () => {
    t = await makeTestApp();
    const res = await t.app.inject({ url: '/healthz', headers: { origin: 'https://ehr.example.org' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/predictions',
      headers: { origin: 'https://ehr.example.org', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows configured CORS origins only', async () => {
    t = await makeTestApp({ config: { corsOrigins: ['https://ehr.example.org'] } });
    const ok = await t.app.inject({ url: '/healthz', headers: { origin: 'https://ehr.example.org' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://ehr.example.org');
    const other = await t.app.inject({ url: '/healthz', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate-limits per API key (429 with the uniform body), independently for each key', async () => {
    t = await makeTestApp({ config: { rateLimit: { max: 3, timeWindowMs: 60_000 } } });
    const call = (key: string) =>
      t!.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(key),
        payload: { patients: [fakePatient('P')] },
      });
    for (let i = 0; i < 3; i++) expect((await call(KEYS.predict)).statusCode).toBe(200);
    const limited = await call(KEYS.predict);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      error: 'Too Many Requests',
      message: expect.stringMatching(/rate limit exceeded/),
    });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await call(KEYS.all)).statusCode).toBe(200);
    // probes are never rate-limited
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('rate-limits by client IP when no key is presented', async () => {
    t = await makeTestApp({ config: { rateLimit: { max: 2, timeWindowMs: 60_000 } } });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await t.app.inject({ url: '/v1/models', remoteAddress: '10.0.0.7' })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
    expect((await t.app.inject({ url: '/v1/models', remoteAddress: '10.0.0.8' })).statusCode).toBe(401);
  });
});
