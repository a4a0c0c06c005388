import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCohortText, parseRepeatText } from '../../../src/cohort/index.js';
import { generateMriCohort, MRI_DEMO_SEED } from '../../../src/demo/shen2024/generateMriCohort.js';
import { MRI_CLINICAL_COLUMNS, MRI_TRUTH_COLUMNS } from '../../../src/demo/shen2024/mriCohortCsv.js';
import { categoricalLevels } from '../../../src/demo/shen2024/mriDescriptors.js';
import { MRI_FILE_NAMES, writeMriCohort } from '../../../src/demo/shen2024/writeMriCohort.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-mri-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Data lines split into cells (no quoting is ever needed: no cell contains a comma). */
function table(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  const comments = lines.filter((l) => l.startsWith('#'));
  const [header, ...rows] = lines.slice(comments.length, -1).map((l) => l.split(','));
  return { comments, header, rows };
}

/** The text without the given columns (the cohort parser of this branch reads numbers only). */
function withoutColumns(text: string, drop: Set<string>): string {
  const { comments, header, rows } = table(text);
  const keep = header.flatMap((h, j) => (drop.has(h) ? [] : [j]));
  return (
    [...comments, ...[header, ...rows].map((cells) => keep.map((j) => cells[j]).join(','))].join('\n') + '\n'
  );
}

describe('writeMriCohort', () => {
  it('writes four SYNTHETIC-marked CSVs: cohort, inter, intra (same patients and imaging columns) and truth', async () => {
    const out = join(dir, 'nested', 'mri');
    const written = await writeMriCohort(out, { seed: 5 });
    expect(written.seed).toBe(5);
    expect((await readdir(out)).sort()).toEqual(Object.values(MRI_FILE_NAMES).sort());
    const demo = generateMriCohort(5);
    const imaging = [...demo.categoricalColumns, ...demo.continuousColumns];
    const expectedHeader = {
      cohort: [...MRI_CLINICAL_COLUMNS, ...imaging],
      inter: ['patient_id', ...imaging],
      intra: ['patient_id', ...imaging],
      truth: [...MRI_TRUTH_COLUMNS],
    };
    for (const kind of ['cohort', 'inter', 'intra', 'truth'] as const) {
      expect(written.files[kind]).toMatch(/synthetic-mri-/);
      const { comments, header, rows } = table(await readFile(written.files[kind], 'utf8'));
      expect(comments, kind).toHaveLength(1);
      expect(comments[0], kind).toMatch(
        /^# synthetic MRI demo cohort - SYNTHETIC, not clinical data; generator seed 5;/,
      );
      expect(header, kind).toEqual(expectedHeader[kind]);
      expect(
        rows.map((r) => r[0]),
        kind,
      ).toEqual(demo.patients.map((p) => p.patientId));
    }
    expect(imaging.filter((c) => !/^(mri|dwi)_/.test(c))).toEqual([]);
  });

  it('prints only declared levels in the categorical columns of every file', async () => {
    const written = await writeMriCohort(join(dir, 'levels'));
    const levels = categoricalLevels();
    for (const kind of ['cohort', 'inter', 'intra'] as const) {
      const { header, rows } = table(await readFile(written.files[kind], 'utf8'));
      for (const [column, allowed] of Object.entries(levels)) {
        const j = header.indexOf(column);
        expect(j, column).toBeGreaterThan(0);
        const seen = new Set(rows.map((r) => r[j]));
        expect(
          [...seen].filter((v) => !allowed.includes(v)),
          `${kind} ${column}`,
        ).toEqual([]);
        expect(seen.size, `${kind} ${column}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('reads back through the cohort parser (categorical columns aside) as a synthetic cohort whose IHC / FISH give the classes', async () => {
    const written = await writeMriCohort(join(dir, 'parse'), { seed: 9 });
    const demo = generateMriCohort(9);
    const categorical = new Set(demo.categoricalColumns);
    const cohort = parseCohortText(
      withoutColumns(await readFile(written.files.cohort, 'utf8'), categorical),
      {
        source: written.files.cohort,
      },
    );
    expect(cohort.synthetic).toBe(true);
    expect(cohort.labels).toEqual(demo.patients.map((p) => p.her2Status));
    expect(Array.from(cohort.clinical.er!)).toEqual(demo.patients.map((p) => (p.er ? 1 : 0)));
    expect(Array.from(cohort.clinical.ki67!)).toEqual(demo.patients.map((p) => p.ki67));
    expect(cohort.featureNames).toEqual(demo.continuousColumns);
    const j = demo.continuousColumns.indexOf('dwi_k_p95');
    expect(Array.from(cohort.features[j])).toEqual(demo.readings.reader1.map((r) => r.continuous[j]));
    const inter = parseRepeatText(withoutColumns(await readFile(written.files.inter, 'utf8'), categorical), {
      source: written.files.inter,
    });
    expect(Array.from(inter.features[j])).toEqual(demo.readings.reader2.map((r) => r.continuous[j]));
  });

  it('writes the posterior: P(low | low or zero) and P(low | low or over) from the three-class posterior', async () => {
    const written = await writeMriCohort(join(dir, 'truth'));
    const demo = generateMriCohort();
    const { header, rows } = table(await readFile(written.files.truth, 'utf8'));
    const col = (name: string) => rows.map((r) => Number(r[header.indexOf(name)]));
    const [over, low, zero] = [col('p_over'), col('p_low'), col('p_zero')];
    rows.forEach((r, i) => {
      expect(r[1]).toBe(demo.patients[i].her2Status);
      expect(over[i] + low[i] + zero[i]).toBeCloseTo(1, 12);
      expect(col('p_low_vs_zero')[i]).toBeCloseTo(low[i] / (low[i] + zero[i]), 12);
      expect(col('p_low_vs_over')[i]).toBeCloseTo(low[i] / (low[i] + over[i]), 12);
      expect(low[i]).toBe(demo.truth.posterior[i].low);
    });
    const noKi67 = col('p_low_vs_zero_without_ki67');
    expect(noKi67.every((p, i) => p > 0 && p < 1 && p !== col('p_low_vs_zero')[i])).toBe(true);
  });

  it('rewrites byte-identical files for one seed and different files for another', async () => {
    const a = await writeMriCohort(join(dir, 'a'));
    const b = await writeMriCohort(join(dir, 'b'), { seed: MRI_DEMO_SEED });
    const c = await writeMriCohort(join(dir, 'c'), { seed: MRI_DEMO_SEED + 1 });
    expect(a.seed).toBe(MRI_DEMO_SEED);
    for (const kind of ['cohort', 'inter', 'intra', 'truth'] as const) {
      const bytes = await readFile(a.files[kind]);
      expect(bytes.equals(await readFile(b.files[kind])), kind).toBe(true);
      expect(bytes.equals(await readFile(c.files[kind])), kind).toBe(false);
    }
  });
});

describe('training/shen2024-mri.json', () => {
  it('declares exactly the generated categorical columns and levels, reference first, and the four tasks', async () => {
    const config = JSON.parse(
      await readFile(new URL('../../../training/shen2024-mri.json', import.meta.url), 'utf8'),
    );
    expect(config.categorical).toEqual(categoricalLevels());
    expect(config.tasks.map((t: { name: string }) => t.name)).toEqual([
      'low-vs-zero',
      'low-vs-over',
      'low-vs-zero-mass',
      'low-vs-zero-nme',
    ]);
    for (const task of config.tasks.filter((t: { subgroup?: unknown }) => t.subgroup)) {
      expect(config.categorical[task.subgroup.column]).toEqual(expect.arrayContaining(task.subgroup.levels));
    }
    expect(config).toMatchObject({ selector: 'univariate', univariateTest: 'mann-whitney', pThreshold: 0.1 });
  });
});
