// The model id is a content address: the same cohort bytes read from two different folders must
// give the same id (the artifact records the file's base name, not the path it was read from).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCohort } from '../../src/demo/index.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { readTrainingFiles, trainFromSources } from '../../src/pipeline/trainFromFiles.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-id-path-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model id and the cohort path', () => {
  it('byte-identical files at data/x.csv and x.csv train to the same id', async () => {
    const written = await writeDemoCohort(join(dir, 'data'));
    const nested = written.files.cohort;
    const top = join(dir, 'synthetic-cohort.csv');
    await copyFile(nested, top);
    const config = parseTrainingConfig({ classifiers: ['lr'], mrmrK: 2 });
    const train = async (cohort: string) =>
      trainFromSources(await readTrainingFiles({ cohort }, config), config, 7);
    const [a, b] = [await train(nested), await train(top)];
    expect(nested).not.toBe(top);
    expect(a.provenance.cohortSource).toBe('synthetic-cohort.csv');
    expect(a.id).toBe(b.id);
  });
});
