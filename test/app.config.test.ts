import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, effectiveHost, loadConfig } from '../src/config.js';
import { ApiKeyConfigError, ApiKeyVerifier, presentedKey, sha256Hex } from '../src/security/apiKeys.js';

describe('service configuration', () => {
  it('defaults: port 3000, models/, batch limit 10,000, quality gate 0.02, CORS off', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      modelsDir: 'models',
      batchLimit: 10_000,
      corsOrigins: [],
      qualityGate: { maxAucDrop: 0.02 },
      apiKeys: [],
    });
    expect(c.predictionBodyLimit).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('reads environment variables, including API keys as JSON', () => {
    const c = loadConfig({
      PORT: '8080',
      HER2_MODELS_DIR: '/srv/models',
      HER2_BATCH_LIMIT: '500',
      HER2_RATE_LIMIT_MAX: '10',
      HER2_CORS_ORIGINS: 'https://a.example, https://b.example',
      HER2_QUALITY_GATE_MAX_AUC_DROP: '0.05',
      HER2_API_KEYS: JSON.stringify([{ id: 'ehr', key: 'k'.repeat(20), roles: ['predict'] }]),
    });
    expect(c).toMatchObject({
      port: 8080,
      modelsDir: '/srv/models',
      batchLimit: 500,
      rateLimit: { max: 10, timeWindowMs: 60_000 },
      qualityGate: { maxAucDrop: 0.05 },
    });
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.apiKeys).toEqual([{ id: 'ehr', key: 'k'.repeat(20), roles: ['predict'] }]);
  });

  it('reads API keys from a file and a YAML config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-cfg-'));
    try {
      const keys = join(dir, 'keys.json');
      await writeFile(
        keys,
        JSON.stringify([{ id: 'a', sha256: sha256Hex('secret-key-123456789'), roles: ['admin'] }]),
      );
      const yml = join(dir, 'her2.yaml');
      await writeFile(yml, 'port: 4000\nbatchLimit: 20\nrateLimit:\n  max: 5\n');
      const c = loadConfig({ HER2_CONFIG: yml, HER2_API_KEYS_FILE: keys, HER2_PORT: '4001' });
      expect(c).toMatchObject({
        port: 4001,
        batchLimit: 20,
        rateLimit: { max: 5, timeWindowMs: DEFAULT_CONFIG.rateLimit.timeWindowMs },
      });
      expect(new ApiKeyVerifier(c.apiKeys).verify('secret-key-123456789')?.id).toBe('a');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects invalid values with a message naming them', () => {
    expect(() => loadConfig({ HER2_BATCH_LIMIT: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig({ HER2_BATCH_LIMIT: '0' })).toThrow(/batchLimit/);
    expect(() => loadConfig({ HER2_API_KEYS: '{oops' })).toThrow(/HER2_API_KEYS is not valid JSON/);
    expect(() => loadConfig({ HER2_API_KEYS: '[{"id":"x","key":"short","roles":["predict"]}]' })).toThrow(
      ApiKeyConfigError,
    );
    expect(() =>
      loadConfig({ HER2_API_KEYS: '[{"id":"x","key":"k-0123456789abcdef","roles":["root"]}]' }),
    ).toThrow(/roles/);
    expect(() =>
      loadConfig({
        HER2_API_KEYS: '[{"id":"x","key":"k-0123456789abcdef","sha256":"ab","roles":["predict"]}]',
      }),
    ).toThrow(/exactly one/);
  });

  it('out-of-distribution reject bound: 10 SDs by default, HER2_OOD_REJECT_SDS or the config file, positive', async () => {
    expect(loadConfig({}).outOfDistributionRejectSds).toBe(10);
    expect(loadConfig({ HER2_OOD_REJECT_SDS: '6.5' }).outOfDistributionRejectSds).toBe(6.5);
    const dir = await mkdtemp(join(tmpdir(), 'her2-cfg-'));
    try {
      const yml = join(dir, 'her2.yaml');
      await writeFile(yml, 'outOfDistributionRejectSds: 25\n');
      expect(loadConfig({ HER2_CONFIG: yml }).outOfDistributionRejectSds).toBe(25);
      await writeFile(yml, 'outOfDistributionRejectSds: lots\n');
      expect(() => loadConfig({ HER2_CONFIG: yml })).toThrow(/outOfDistributionRejectSds/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ HER2_OOD_REJECT_SDS: '0' })).toThrow(/outOfDistributionRejectSds/);
    expect(() => loadConfig({ HER2_OOD_REJECT_SDS: 'far' })).toThrow(/HER2_OOD_REJECT_SDS/);
  });

  it('binds to 127.0.0.1 only when no API keys are configured', () => {
    expect(effectiveHost(loadConfig({ HER2_HOST: '0.0.0.0' }))).toEqual({
      host: '127.0.0.1',
      openAccess: true,
    });
    const withKeys = loadConfig({
      HER2_HOST: '0.0.0.0',
      HER2_API_KEYS: JSON.stringify([{ id: 'a', key: 'a'.repeat(16), roles: ['predict'] }]),
    });
    expect(effectiveHost(withKeys)).toEqual({ host: '0.0.0.0', openAccess: false });
  });
});

describe('API key helpers', () => {
  it('extracts the key from a bearer token or x-api-key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer abc ' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': 'xyz' })).toBe('xyz');
    expect(presentedKey({ authorization: 'Basic Zm9v' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });

  it('matches only the configured key, checking every key', () => {
    const v = new ApiKeyVerifier([
      { id: 'one', key: 'first-key-0123456789', roles: ['predict'] },
      { id: 'two', key: 'second-key-0123456789', roles: ['train', 'admin'] },
    ]);
    expect(v.verify('second-key-0123456789')?.id).toBe('two');
    expect([...v.verify('second-key-0123456789')!.roles].sort()).toEqual(['admin', 'train']);
    expect(v.verify('second-key-012345678')).toBeNull();
    expect(v.verify('')).toBeNull();
  });
});
