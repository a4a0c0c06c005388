import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { makeTestApp } from '../helpers/testApp.js';

describe('CDS Hooks configuration', () => {
  it('reads base URL, issuers (both forms), FHIR servers and timeout from the environment', () => {
    const c = loadConfig({
      HER2_CDS_BASE_URL: 'https://her2.example.org/',
      HER2_CDS_ISSUERS: JSON.stringify({
        'https://ehr-a.example/': 'https://ehr-a.example/jwks.json',
        'https://ehr-b.example/': {
          jwks: 'https://ehr-b.example/jwks',
          jku: ['https://keys.ehr-b.example/jwks'],
        },
      }),
      HER2_CDS_FHIR_SERVERS: 'https://fhir.example.org/r4/, https://fhir2.example.org',
      HER2_CDS_FHIR_TIMEOUT_MS: '900',
      HER2_CDS_LINK_SECRET: 's'.repeat(40),
      HER2_CDS_LINK_TTL_SECONDS: '600',
    }).cdsHooks;
    expect(c.baseUrl).toBe('https://her2.example.org');
    expect(c.issuers).toEqual({
      'https://ehr-a.example/': { jwks: 'https://ehr-a.example/jwks.json', jku: [] },
      'https://ehr-b.example/': {
        jwks: 'https://ehr-b.example/jwks',
        jku: ['https://keys.ehr-b.example/jwks'],
      },
    });
    expect(c.fhirServers).toEqual(['https://fhir.example.org/r4', 'https://fhir2.example.org']);
    expect(c.fhirTimeoutMs).toBe(900);
    expect(c.linkSecret).toBe('s'.repeat(40));
    expect(c.linkTtlSeconds).toBe(600);
    expect(loadConfig({}).cdsHooks).toMatchObject({ linkSecret: null, linkTtlSeconds: 28_800 });
  });

  it('names what is wrong in a bad setting', () => {
    expect(() => loadConfig({ HER2_CDS_ISSUERS: '{not json' })).toThrow(/HER2_CDS_ISSUERS is not valid JSON/);
    expect(() => loadConfig({ HER2_CDS_ISSUERS: '{"https://a/": "ftp://a/jwks"}' })).toThrow(
      'cdsHooks.issuers["https://a/"] must be an http(s) URL, got "ftp://a/jwks"',
    );
    expect(() => loadConfig({ HER2_CDS_FHIR_SERVERS: 'nope' })).toThrow(
      'cdsHooks.fhirServers[0] is not a URL: "nope"',
    );
    expect(() => loadConfig({ HER2_CDS_FHIR_TIMEOUT_MS: '0' })).toThrow(
      'cdsHooks.fhirTimeoutMs must be a positive integer, got 0',
    );
    expect(() => loadConfig({ HER2_CDS_LINK_SECRET: 'short' })).toThrow(
      'cdsHooks.linkSecret (HER2_CDS_LINK_SECRET) must be a string of at least 32 bytes',
    );
    expect(() => loadConfig({ HER2_CDS_LINK_TTL_SECONDS: 'soon' })).toThrow(
      'HER2_CDS_LINK_TTL_SECONDS must be a number, got soon',
    );
  });

  it('without a base URL the CDS routes answer 503 saying what to set', async () => {
    const t = await makeTestApp();
    try {
      const res = await t.app.inject({ url: '/cds-services' });
      expect(res.statusCode).toBe(503);
      expect((res.json() as { message: string }).message).toContain('set HER2_CDS_BASE_URL');
    } finally {
      await t.close();
    }
  });
});
