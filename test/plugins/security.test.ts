import { afterEach, describe, expect, it } from 'vitest';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';

const a1 = makeFakeArtifact({ label: 'one' });

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('security headers, CORS, rate limiting, Swagger UI', () => {
  it('sends JSON API responses, errors included, the OWASP REST header set: no-store, no framing, nothing loaded', async () => {
    t = await makeTestApp({ artifacts: [a1] });
    const ok = await t.app.inject({ url: '/v1/models', headers: auth(KEYS.predict) });
    const denied = await t.app.inject({ url: '/v1/models' });
    const missing = await t.app.inject({ url: '/v1/nothing-here', headers: auth(KEYS.predict) });
    expect([ok.statusCode, denied.statusCode, missing.statusCode]).toEqual([200, 401, 404]);
    for (const res of [ok, denied, missing]) {
      expect(res.headers['content-type']).toMatch(
        res === ok ? /^application\/json/ : /^application\/problem\+json/,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      // helmet's browser-document headers are not sent on JSON
      expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
      expect(res.headers['origin-agent-cluster']).toBeUndefined();
    }
  });

  it('sends HTML (the model report) helmet document headers with a CSP that has no upgrade-insecure-requests', async () => {
    t = await makeTestApp({ artifacts: [a1] });
    const res = await t.app.inject({ url: `/v1/models/${a1.id}/report`, headers: auth(KEYS.predict) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-dns-prefetch-control']).toBe('off');
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
    expect(limited.json()).toMatchObject({
      type: 'https://her2.example/problems/rate-limited',
      status: 429,
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
