// `her2 cohort build` on small, realistic PyRadiomics batch outputs (test/fixtures/pyradiomics/,
// written by make_fixtures.py): joined by id, prefixed per modality, the clinical sheet mapped by its
// aliases, the repeat files built, the extraction settings checked and carried in the header.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCohortFile } from '../../src/cohort/parseCohort.js';
import { alignRepeat, parseRepeatFile } from '../../src/cohort/repeatMeasurement.js';
import { tokenizeCsv } from '../../src/cohort/csvTokenizer.js';
import { runCli } from '../helpers/runCli.js';

const FIXTURES = new URL('../fixtures/pyradiomics/', import.meta.url).pathname;
const fixture = (name: string) => join(FIXTURES, name);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-cohort-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The batch file's rows as objects by column (comment lines skipped). */
async function batchRows(name: string): Promise<Record<string, string>[]> {
  const text = (await readFile(fixture(name), 'utf8')).replace(/^#.*\n/, '');
  const [header, ...rows] = tokenizeCsv(text).map((r) => r.fields);
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

function buildArgs(out: string, clinical = 'clinical.csv', ...extra: string[]): string[] {
  return [
    'cohort',
    'build',
    '--pet',
    fixture('pet-reader1.csv'),
    '--ct',
    fixture('ct-reader1.csv'),
    '--inter-pet',
    fixture('pet-reader2.csv'),
    '--inter-ct',
    fixture('ct-reader2.csv'),
    '--intra-pet',
    fixture('pet-reader1-repeat.csv'),
    '--intra-ct',
    fixture('ct-reader1-repeat.csv'),
    '--clinical',
    fixture(clinical),
    ...extra,
    '--out',
    out,
  ];
}

describe('her2 cohort build', () => {
  it('joins PET and CT by patient id, maps the clinical sheet, and writes cohort, inter and intra files', async () => {
    const out = join(dir, 'built', 'cohort.csv');
    const run = await runCli(...buildArgs(out));
    expect(run.stderr).toContain(
      'cohort of 5 patients and 14 features written (pet PyRadiomics v3.1.0, ct PyRadiomics v3.1.0)',
    );
    expect(run.code).toBe(0);
    const inter = join(dir, 'built', 'cohort-inter.csv');
    const intra = join(dir, 'built', 'cohort-intra.csv');
    expect(run.stdout).toBe(`${out}\n${inter}\n${intra}\n`);
    expect(run.stderr).toContain('1 patient(s) without imaging left out');

    const cohort = await parseCohortFile(out);
    expect(cohort.synthetic).toBe(true);
    expect(cohort.patientIds).toEqual(['BC-001', 'BC-002', 'BC-003', 'BC-004', 'BC-005']);
    expect(cohort.sites).toEqual(['Centre A', 'Centre A', 'Centre B', 'Centre B', 'Centre B']);
    // HER2-low, HER2-positive, IHC 2+/FISH- (ASCO/CAP: low), HER2-0, HER2-over
    expect(cohort.labels).toEqual(['low', 'over', 'low', 'zero', 'over']);
    // Positive (70%), 0, 95, Negative (<1%), Positive (5%)
    expect(Array.from(cohort.clinical.er!)).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(cohort.clinical.ki67!)).toEqual([20, 35, 12.5, NaN, 40]);
    expect(Array.from(cohort.clinical.suv_max!)).toEqual([7.4, 11.2, 5.1, 6, 9.9]);

    const pet = await batchRows('pet-reader1.csv');
    const ct = await batchRows('ct-reader1.csv');
    expect(cohort.featureNames).toEqual([
      ...Object.keys(pet[0])
        .filter((k) => /^(original|wavelet)/.test(k))
        .map((k) => `pet_${k}`),
      ...Object.keys(ct[0])
        .filter((k) => /^(original|wavelet)/.test(k))
        .map((k) => `ct_${k}`),
    ]);
    const column = (name: string) => Array.from(cohort.features[cohort.featureNames.indexOf(name)]);
    expect(column('ct_wavelet-LLH_glcm_Correlation')).toEqual(
      ct.map((r) => Number(r['wavelet-LLH_glcm_Correlation'])),
    );
    expect(column('pet_original_shape_Elongation')).toEqual(
      pet.map((r) => Number(r.original_shape_Elongation)),
    );

    expect(cohort.extraction?.pet.versions.PyRadiomics).toBe('v3.1.0');
    expect((cohort.extraction?.pet.settings as Record<string, unknown>).binWidth).toBe(0.25);
    expect((cohort.extraction?.ct.settings as Record<string, unknown>).binWidth).toBe(25);
    expect((cohort.extraction?.ct.settings as Record<string, unknown>).resampledPixelSpacing).toEqual([
      2, 2, 2,
    ]);
    expect(cohort.extraction?.ct.imageTypes).toEqual({ Original: {}, Wavelet: {} });

    const reader2 = await batchRows('ct-reader2.csv');
    const aligned = alignRepeat(cohort, await parseRepeatFile(inter));
    expect(Array.from(aligned.features[cohort.featureNames.indexOf('ct_original_glcm_Correlation')])).toEqual(
      reader2.map((r) => Number(r.original_glcm_Correlation)),
    );
    expect(alignRepeat(cohort, await parseRepeatFile(intra)).patientIds).toEqual(cohort.patientIds);
  });

  it('reads a Windows-1252, semicolon, decimal-comma clinical export with IHC and FISH columns and a map file', async () => {
    const out = join(dir, 'excel', 'cohort.csv');
    const run = await runCli(...buildArgs(out, 'clinical-excel-de.csv', '--map', fixture('map-de.yaml')));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('clinical-excel-de.csv: read as Windows-1252');
    expect(run.stderr).toContain(
      'clinical-excel-de.csv: fields separated by semicolons, decimal commas read as points',
    );
    const cohort = await parseCohortFile(out);
    expect(cohort.sites).toEqual([
      'Zentrum Süd A',
      'Zentrum Süd A',
      'Zentrum Süd B',
      'Zentrum Süd B',
      'Zentrum Süd B',
    ]);
    // IHC 1+, 3+, 2+ with FISH-, 0, 2+ amplified
    expect(cohort.labels).toEqual(['low', 'over', 'low', 'zero', 'over']);
    expect(Array.from(cohort.clinical.suv_max!)).toEqual([7.4, 11.2, 5.1, 6, 9.9]);
  });

  it('without the map file, the export is refused naming the columns it lacks', async () => {
    const out = join(dir, 'nomap', 'cohort.csv');
    const run = await runCli(...buildArgs(out, 'clinical-excel-de.csv'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'clinical-excel-de.csv, line 1, column "patient_id": no column for patient_id',
    );
    expect(existsSync(join(dir, 'nomap'))).toBe(false);
  });

  it('a bin width that differs for one patient is an error naming file, row and column; a warning when allowed', async () => {
    const args = (out: string, ...extra: string[]) => [
      'cohort',
      'build',
      '--pet',
      fixture('pet-mixed-binwidth.csv'),
      '--clinical',
      fixture('clinical.csv'),
      ...extra,
      '--out',
      out,
    ];
    const refused = await runCli(...args(join(dir, 'mixed', 'cohort.csv')));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${fixture('pet-mixed-binwidth.csv')}, row 4 (line 5), patient "BC-004", column "diagnostics_Configuration_Settings": ` +
        `differs from ${fixture('pet-mixed-binwidth.csv')} row 1: binWidth 0.5 vs 0.25`,
    );
    expect(existsSync(join(dir, 'mixed'))).toBe(false);

    const out = join(dir, 'mixed-allowed', 'cohort.csv');
    const allowed = await runCli(...args(out, '--allow-mixed-settings'));
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('warning: mixed extraction settings allowed:');
    expect((await parseCohortFile(out)).extraction?.pet.mixed).toEqual([
      'diagnostics_Configuration_Settings',
    ]);
  });

  it('ids that differ only by letter case are an error naming both files and rows', async () => {
    const text = (await readFile(fixture('clinical.csv'), 'utf8')).replace('BC-003', 'bc-003');
    const clinical = join(dir, 'case-clinical.csv');
    await writeFile(clinical, text);
    const out = join(dir, 'case', 'cohort.csv');
    const run = await runCli(
      'cohort',
      'build',
      '--pet',
      fixture('pet-reader1.csv'),
      '--clinical',
      clinical,
      '--out',
      out,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${fixture('pet-reader1.csv')}, row 3 (line 5), patient "BC-003", column "ID": patient id differs from "bc-003" (${clinical} row 3) only by letter case or whitespace`,
    );
    expect(existsSync(join(dir, 'case'))).toBe(false);
  });

  it('a repeat file for one modality but not the other is bad usage', async () => {
    const run = await runCli(
      'cohort',
      'build',
      '--pet',
      fixture('pet-reader1.csv'),
      '--ct',
      fixture('ct-reader1.csv'),
      '--inter-pet',
      fixture('pet-reader2.csv'),
      '--clinical',
      fixture('clinical.csv'),
      '--out',
      join(dir, 'usage.csv'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--inter-ct is needed too');
  });
});
