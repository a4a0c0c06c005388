import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCohortText, parseRepeatText } from '../../src/cohort/index.js';
import { COHORT_LEADING_COLUMNS } from '../../src/demo/demoCohortCsv.js';
import { DEMO_SEED, generateDemoCohort } from '../../src/demo/generateDemoCohort.js';
import { DEMO_FILE_NAMES, writeDemoCohort } from '../../src/demo/writeDemoCohort.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeDemoCohort', () => {
  it('writes three synthetic-marked CSVs into a new directory with the specified header', async () => {
    const out = join(dir, 'nested', 'demo');
    const written = await writeDemoCohort(out, { seed: 7 });
    expect(written.seed).toBe(7);
    expect(written.files).toEqual({
      cohort: join(out, DEMO_FILE_NAMES.cohort),
      inter: join(out, DEMO_FILE_NAMES.inter),
      intra: join(out, DEMO_FILE_NAMES.intra),
    });
    expect((await readdir(out)).sort()).toEqual(Object.values(DEMO_FILE_NAMES).sort());
    const demo = generateDemoCohort(7);
    for (const [kind, path] of Object.entries(written.files)) {
      expect(path).toMatch(/synthetic/);
      const lines = (await readFile(path, 'utf8')).split('\n');
      expect(lines[0], kind).toMatch(
        /^# synthetic demo cohort - SYNTHETIC, not clinical data; generator seed 7;/,
      );
      const header = lines[1].split(',');
      const leading = kind === 'cohort' ? [...COHORT_LEADING_COLUMNS] : ['patient_id'];
      expect(header).toEqual([...leading, ...demo.featureNames]);
      expect(lines.at(-1)).toBe('');
      expect(lines).toHaveLength(2 + 315 + 1);
    }
    const firstRow = (await readFile(written.files.cohort, 'utf8')).split('\n')[2].split(',');
    expect(firstRow.slice(0, 6)).toEqual([
      demo.patients[0].patientId,
      demo.patients[0].site,
      demo.patients[0].set,
      demo.patients[0].her2Status,
      demo.patients[0].er ? 'positive' : 'negative',
      demo.patients[0].pr ? 'positive' : 'negative',
    ]);
  });

  it('rewrites byte-identical files for the same seed and different ones for another seed', async () => {
    const a = await writeDemoCohort(join(dir, 'a'));
    const b = await writeDemoCohort(join(dir, 'b'), { seed: DEMO_SEED });
    const c = await writeDemoCohort(join(dir, 'c'), { seed: DEMO_SEED + 1 });
    expect(a.seed).toBe(DEMO_SEED);
    for (const kind of ['cohort', 'inter', 'intra'] as const) {
      const bytesA = await readFile(a.files[kind]);
      expect(bytesA.equals(await readFile(b.files[kind])), kind).toBe(true);
      expect(bytesA.equals(await readFile(c.files[kind])), kind).toBe(false);
    }
    // Rewriting over existing files leaves no temporary files behind.
    await writeDemoCohort(join(dir, 'a'));
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(Object.values(DEMO_FILE_NAMES).sort());
  });

  it('reads back through the cohort parser as a synthetic cohort with exactly the generated values', async () => {
    const written = await writeDemoCohort(join(dir, 'parse'), { seed: 11 });
    const demo = generateDemoCohort(11);
    const cohort = parseCohortText(await readFile(written.files.cohort), { source: written.files.cohort });
    expect(cohort.synthetic).toBe(true);
    expect(cohort.patientIds).toEqual(demo.patients.map((p) => p.patientId));
    expect(cohort.labels).toEqual(demo.patients.map((p) => p.her2Status));
    expect(cohort.sets).toEqual(demo.patients.map((p) => p.set));
    expect(cohort.sites).toEqual(demo.patients.map((p) => p.site));
    expect(Array.from(cohort.clinical.er!)).toEqual(demo.patients.map((p) => (p.er ? 1 : 0)));
    expect(Array.from(cohort.clinical.suv_mean!)).toEqual(demo.patients.map((p) => p.suvMean));
    expect(cohort.featureNames).toEqual(demo.featureNames);
    let mismatches = 0;
    demo.features.forEach((column, j) =>
      column.forEach((v, i) => (mismatches += cohort.features[j][i] === v ? 0 : 1)),
    );
    expect(mismatches).toBe(0);
    const inter = parseRepeatText(await readFile(written.files.inter), { source: written.files.inter });
    expect(inter.patientIds).toEqual(demo.repeat.patientIds);
    expect(Array.from(inter.features[100])).toEqual(Array.from(demo.repeat.inter[100]));
  });
});
