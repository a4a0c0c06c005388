import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DatabaseUnavailableError, isConnectionError, whileAvailable } from '../../src/db/unavailable.js';

describe('database configuration', () => {
  it('is off by default: the directory registry, a 5 s fallback poll', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, registryPollMs: 5000 });
  });

  it('reads HER2_DATABASE_URL and HER2_REGISTRY_POLL_MS', () => {
    const c = loadConfig({ HER2_DATABASE_URL: 'postgres://u:p@db:5432/her2', HER2_REGISTRY_POLL_MS: '250' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://u:p@db:5432/her2', registryPollMs: 250 });
  });

  it('rejects a URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    let thrown: unknown;
    try {
      loadConfig({ HER2_DATABASE_URL: 'mysql://u:secret@db/her2' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(/HER2_DATABASE_URL\) must start with postgres:\/\//);
    expect((thrown as Error).message).not.toContain('secret');
    expect(() => loadConfig({ HER2_REGISTRY_POLL_MS: '0' })).toThrow(
      /registryPollMs must be a positive integer/,
    );
  });
});

describe('database availability errors', () => {
  const withCode = (message: string, code?: string): Error => Object.assign(new Error(message), { code });

  it('classifies lost or refused connections as unavailable, and nothing else', () => {
    expect(isConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(withCode('terminating connection due to administrator command', '57P01'))).toBe(
      true,
    );
    expect(isConnectionError(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(
      false,
    );
    expect(isConnectionError(withCode('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });

  it('whileAvailable turns only connection failures into DatabaseUnavailableError', async () => {
    const refused = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const err = await whileAvailable('activate', () => Promise.reject(refused)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(
      /^the model registry database is unavailable \(activate\): connect ECONNREFUSED/,
    );
    const bug = withCode('syntax error', '42601');
    await expect(whileAvailable('activate', () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(whileAvailable('list', async () => 7)).resolves.toBe(7);
  });
});
