// `her2 demo-cohort --study`: the PET/CT default is unchanged, the MRI study writes its four files.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMriCohort } from '../../src/demo/shen2024/writeMriCohort.js';
import { writeDemoCohort } from '../../src/demo/writeDemoCohort.js';
import { runCli } from '../helpers/runCli.js';

const run = runCli;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-cli-study-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sameBytes = async (a: string, b: string) => (await readFile(a)).equals(await readFile(b));

describe('her2 demo-cohort --study', () => {
  it('without --study and with --study hou2025 writes the PET/CT cohort byte-identical to writeDemoCohort', async () => {
    const reference = await writeDemoCohort(join(dir, 'reference'));
    const plain = await run('demo-cohort', '--out', join(dir, 'plain'));
    const hou = await run('demo-cohort', '--study', 'hou2025', '--out', join(dir, 'hou'));
    const expectedPaths = Object.values(reference.files);
    for (const [result, sub] of [
      [plain, 'plain'],
      [hou, 'hou'],
    ] as const) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('SYNTHETIC demo cohort (seed 20250101): not clinical data\n');
      const paths = result.stdout.trimEnd().split('\n');
      expect(paths).toEqual(expectedPaths.map((p) => join(dir, sub, basename(p))));
      for (let k = 0; k < paths.length; k++)
        expect(await sameBytes(paths[k], expectedPaths[k]), paths[k]).toBe(true);
    }
  });

  it('--study shen2024-mri --seed N writes the four MRI files of writeMriCohort and prints their paths', async () => {
    const result = await run(
      'demo-cohort',
      '--study',
      'shen2024-mri',
      '--out',
      join(dir, 'mri'),
      '--seed',
      '3',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^SYNTHETIC MRI demo cohort \(seed 3\).*not clinical data\n$/);
    const paths = result.stdout.trimEnd().split('\n');
    expect(paths.map((p) => basename(p))).toEqual([
      'synthetic-mri-cohort.csv',
      'synthetic-mri-inter.csv',
      'synthetic-mri-intra.csv',
      'synthetic-mri-truth.csv',
    ]);
    const reference = await writeMriCohort(join(dir, 'mri-reference'), { seed: 3 });
    const expected = Object.values(reference.files);
    for (let k = 0; k < paths.length; k++)
      expect(await sameBytes(paths[k], expected[k]), paths[k]).toBe(true);
  });

  it('refuses an unknown study with exit 2, naming the known ones, and writes nothing', async () => {
    for (const study of ['shen2024', 'constructor']) {
      const out = join(dir, `unknown-${study}`);
      const result = await run('demo-cohort', '--study', study, '--out', out);
      expect(result.code, study).toBe(2);
      expect(result.stderr).toContain(`unknown --study "${study}"`);
      expect(result.stderr).toContain('known studies: hou2025, shen2024-mri');
      expect(result.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('her2 demo-cohort --study hi-pfs', () => {
  it('writes the lesion, outcome and truth files of writeHiPfsCohort and says SYNTHETIC', async () => {
    const { writeHiPfsCohort } = await import('../../src/demo/hiPfs/writeHiPfsCohort.js');
    const reference = await writeHiPfsCohort(join(dir, 'hi-reference'), { seed: 5 });
    const result = await run('demo-cohort', '--study', 'hi-pfs', '--out', join(dir, 'hi'), '--seed', '5');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^SYNTHETIC lesion \+ PFS demo cohort \(seed 5\).*not clinical data\n$/);
    const paths = result.stdout.trimEnd().split('\n');
    expect(paths.map((p) => basename(p))).toEqual([
      'synthetic-hi-pfs-lesions.csv',
      'synthetic-hi-pfs-outcomes.csv',
      'synthetic-hi-pfs-truth.csv',
    ]);
    const expected = Object.values(reference.files);
    for (let k = 0; k < paths.length; k++)
      expect(await sameBytes(paths[k], expected[k]), paths[k]).toBe(true);
  });
});
