/** The upload, queue and timeout settings of issue 9: defaults, environment, YAML, validation. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MiB, loadConfig } from '../src/config.js';

describe('upload and queue settings', () => {
  it('defaults: 256 MiB per training upload, 64 MiB per JSON training request, 16 queued jobs', () => {
    expect(loadConfig({})).toMatchObject({
      trainingBodyLimit: 256 * MiB,
      trainingJsonBodyLimit: 64 * MiB,
      maxQueuedJobs: 16,
    });
  });

  it('reads them from the environment, which overrides the YAML file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-cfg-'));
    try {
      const yml = join(dir, 'her2.yaml');
      await writeFile(yml, 'maxQueuedJobs: 3\ntrainingJsonBodyLimit: 1000\ntrainingBodyLimit: 5000\n');
      expect(loadConfig({ HER2_CONFIG: yml })).toMatchObject({
        maxQueuedJobs: 3,
        trainingJsonBodyLimit: 1000,
        trainingBodyLimit: 5000,
      });
      expect(
        loadConfig({
          HER2_CONFIG: yml,
          HER2_MAX_QUEUED_JOBS: '7',
          HER2_TRAINING_JSON_BODY_LIMIT: '2000',
          HER2_TRAINING_BODY_LIMIT: '9000',
        }),
      ).toMatchObject({ maxQueuedJobs: 7, trainingJsonBodyLimit: 2000, trainingBodyLimit: 9000 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects values that are not positive integers, naming the setting', () => {
    expect(() => loadConfig({ HER2_MAX_QUEUED_JOBS: '0' })).toThrow(
      /maxQueuedJobs must be a positive integer/,
    );
    expect(() => loadConfig({ HER2_TRAINING_JSON_BODY_LIMIT: '1.5' })).toThrow(/trainingJsonBodyLimit/);
  });
});

describe('timeout settings', () => {
  it('defaults: 30 s per request, 10 min per training upload, 120 s idle connection, 72 s keep-alive', () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeoutMs: 30_000,
      uploadTimeoutMs: 600_000,
      connectionTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it('reads them from the environment and refuses an upload allowance shorter than the request timeout', () => {
    expect(
      loadConfig({
        HER2_REQUEST_TIMEOUT_MS: '5000',
        HER2_UPLOAD_TIMEOUT_MS: '90000',
        HER2_CONNECTION_TIMEOUT_MS: '20000',
        HER2_KEEP_ALIVE_TIMEOUT_MS: '4000',
      }),
    ).toMatchObject({
      requestTimeoutMs: 5000,
      uploadTimeoutMs: 90_000,
      connectionTimeoutMs: 20_000,
      keepAliveTimeoutMs: 4000,
    });
    expect(() => loadConfig({ HER2_REQUEST_TIMEOUT_MS: '60000', HER2_UPLOAD_TIMEOUT_MS: '1000' })).toThrow(
      /uploadTimeoutMs \(1000\) must be at least requestTimeoutMs \(60000\)/,
    );
    expect(() => loadConfig({ HER2_KEEP_ALIVE_TIMEOUT_MS: '0' })).toThrow(/keepAliveTimeoutMs/);
  });
});
