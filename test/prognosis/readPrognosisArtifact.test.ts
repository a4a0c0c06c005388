// Reading a prognosis model file for the service: what the CLI writes is accepted; an edited,
// truncated or foreign file is refused naming the file and the problem.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildDemoPrognosisModel } from '../../src/demo/hiPfs/demoPrognosisModel.js';
import { prognosisArtifactId } from '../../src/prognosis/prognosisArtifact.js';
import {
  PrognosisArtifactError,
  parsePrognosisArtifact,
  readPrognosisArtifactFile,
} from '../../src/prognosis/readPrognosisArtifact.js';
import { createServiceDependencies } from '../../src/serviceDependencies.js';

const model = buildDemoPrognosisModel('2026-01-01T00:00:00.000Z');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-prognosis-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const roundTrip = () => JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
/** An edit that keeps the id consistent, so only the shape check can catch it. */
const resealed = (edit: (a: Record<string, unknown>) => void) => {
  const a = roundTrip();
  edit(a);
  a.id = prognosisArtifactId(a as never);
  return a;
};

describe('readPrognosisArtifactFile', () => {
  it('reads back what was written, id intact', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify(model, null, 2));
    const read = await readPrognosisArtifactFile(path);
    expect(read.id).toBe(model.id);
    expect(read.groups.high.km.survival).toEqual(model.groups.high.km.survival);
  });

  it.each([
    [
      'an edited cut-off',
      () => ({ ...roundTrip(), cutoff: 1.2 }),
      /id [0-9a-f]{64} does not match its content/,
    ],
    ['a foreign kind', () => ({ ...roundTrip(), kind: 'her2-model' }), /kind is "her2-model"/],
    ['a newer schema', () => ({ ...roundTrip(), schemaVersion: 2 }), /unsupported schemaVersion 2/],
    ['an unknown marker', () => resealed((a) => (a.marker = 'HI45_max')), /unknown marker "HI45_max"/],
    [
      'a truncated curve',
      () => resealed((a) => ((a.groups as { low: { km: { upper: number[] } } }).low.km.upper = [1])),
      /groups\.low: km\.upper must have one value per time/,
    ],
  ])('refuses %s', (_name, make, message) => {
    expect(() => parsePrognosisArtifact(make(), 'm.json')).toThrow(PrognosisArtifactError);
    expect(() => parsePrognosisArtifact(make(), 'm.json')).toThrow(message);
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"kind": ');
    await expect(readPrognosisArtifactFile(path)).rejects.toThrow(/broken\.json: cannot be read as JSON/);
  });

  it('HER2_PROGNOSIS_MODEL names the file the service serves; without it the demo model', async () => {
    const path = join(dir, 'served.json');
    const other = buildDemoPrognosisModel();
    const edited = resealed((a) => (a.cutoff = 1.6));
    await writeFile(path, JSON.stringify(edited));
    const config = loadConfig({ HER2_PROGNOSIS_MODEL: path });
    expect(config.prognosisModel).toBe(path);
    expect((await createServiceDependencies(config)).prognosisModel?.id).toBe(edited.id);
    expect(loadConfig({}).prognosisModel).toBeNull();
    expect((await createServiceDependencies(loadConfig({}))).prognosisModel?.id).toBe(other.id);
  });
});
