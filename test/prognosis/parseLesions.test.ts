// Lesion and outcome tables: what is read, and every bad input refused with file, row and column.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import {
  joinPrognosisCohort,
  parseLesionFile,
  parseLesionText,
  parseOutcomeText,
} from '../../src/prognosis/index.js';

const LESIONS = [
  '# SYNTHETIC lesions',
  'patient_id,lesion_id,site,suv_max,suv_mean_50,mtv_50,suv_mean_2.5,mtv_2.5',
  'p1,L1,breast,6,4,2,3,5',
  'p1,L2,bone,3,2,1,,',
  'p2,L1,,10,5,4,4,8',
].join('\n');

const OUTCOMES = ['patient_id,pfs_months,progressed', 'p1,6.5,1', 'p2,12,0'].join('\n');

function errorOf(run: () => unknown): CohortError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CohortError);
    return error as CohortError;
  }
  throw new Error('expected a CohortError');
}

describe('parseLesionText', () => {
  it('reads lesions, thresholds in canonical order, sites and missing contours', () => {
    const table = parseLesionText(LESIONS, 'lesions.csv');
    expect(table.synthetic).toBe(true);
    expect(table.thresholds).toEqual(['2.5', '50']);
    expect(table.lesions).toHaveLength(3);
    expect(table.lesions[0]).toEqual({
      patientId: 'p1',
      lesionId: 'L1',
      site: 'breast',
      suvMax: 6,
      measures: { '50': { suvMean: 4, mtv: 2 }, '2.5': { suvMean: 3, mtv: 5 } },
    });
    expect(table.lesions[1].measures).toEqual({ '50': { suvMean: 2, mtv: 1 } });
    expect(table.lesions[2].site).toBeNull();
    expect(table.firstRowOf.get('p2')).toEqual({ row: 3, line: 5 });
  });

  it('reads the same table from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-lesions-'));
    try {
      await writeFile(join(dir, 'l.csv'), LESIONS);
      const table = await parseLesionFile(join(dir, 'l.csv'), 'l.csv');
      expect(table.lesions.map((l) => l.suvMax)).toEqual([6, 3, 10]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const header = 'patient_id,lesion_id,suv_max,suv_mean_50,mtv_50';
  it.each([
    [
      'SUVmean above SUVmax',
      `${header}\np1,L1,3,4,1`,
      1,
      'suv_mean_50',
      /SUVmean above SUVmax "4".*suv_max is 3/,
    ],
    ['zero SUVmax', `${header}\np1,L1,0,1,1`, 1, 'suv_max', /SUVmax must be positive, got "0"/],
    ['missing SUVmax', `${header}\np1,L1,,1,1`, 1, 'suv_max', /SUVmax is missing/],
    ['negative MTV', `${header}\np1,L1,3,2,-1`, 1, 'mtv_50', /MTV must be positive/],
    ['text SUVmean', `${header}\np1,L1,3,abc,1`, 1, 'suv_mean_50', /non-numeric value "abc"/],
    [
      'MTV without SUVmean',
      `${header}\np1,L1,3,2,1\np1,L2,3,,1`,
      2,
      'suv_mean_50',
      /value is missing while "mtv_50"/,
    ],
    [
      'duplicate lesion',
      `${header}\np1,L1,3,2,1\np1,L1,3,2,1`,
      2,
      'lesion_id',
      /duplicate lesion id "L1".*row 1/,
    ],
    ['empty patient id', `${header}\n ,L1,3,2,1`, 1, 'patient_id', /patient id is empty/],
  ])('%s: names file, row and column', (_name, text, row, column, message) => {
    const error = errorOf(() => parseLesionText(text, 'lesions.csv'));
    expect(error.file).toBe('lesions.csv');
    expect(error.row).toBe(row);
    expect(error.column).toBe(column);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`lesions.csv, row ${row}`)).toBe(true);
  });

  it('the public message keeps the location but not the cell value', () => {
    const error = errorOf(() => parseLesionText(`${header}\np1,L1,3,4.25,1`, 'lesions.csv'));
    expect(error.publicMessage).toContain('column "suv_mean_50"');
    expect(error.publicMessage).not.toContain('4.25');
    expect(error.publicMessage).not.toContain('p1');
  });

  it('refuses a threshold column with no values, naming file and column', () => {
    const text = `${header},suv_mean_40,mtv_40\np1,L1,3,2,1,,\np2,L1,3,2,1,,`;
    const error = errorOf(() => parseLesionText(text, 'lesions.csv'));
    expect(error.column).toBe('suv_mean_40');
    expect(error.message).toMatch(/lesions\.csv, column "suv_mean_40": threshold column has no values/);
  });

  it.each([
    [
      'half a threshold',
      'patient_id,lesion_id,suv_max,suv_mean_50\np1,L1,3,2',
      /threshold 50 has column "suv_mean_50" but not "mtv_50"/,
    ],
    ['no threshold', 'patient_id,lesion_id,suv_max\np1,L1,3', /no threshold columns/],
    ['unknown column', `${header},suv_mean_45\np1,L1,3,2,1,2`, /unknown column "suv_mean_45"/],
    ['required column', 'patient_id,suv_max,suv_mean_50,mtv_50\np1,3,2,1', /required column "lesion_id"/],
    ['short row', `${header}\np1,L1,3,2`, /row 1 \(line 2\): row has 4 cells but the header has 5/],
    ['header only', header, /header but no data rows/],
  ])('refuses %s', (_name, text, message) => {
    expect(errorOf(() => parseLesionText(text, 'lesions.csv')).message).toMatch(message);
  });
});

describe('parseOutcomeText and joinPrognosisCohort', () => {
  it('reads outcomes and joins them to lesions in outcome order', () => {
    const cohort = joinPrognosisCohort(parseLesionText(LESIONS), parseOutcomeText(OUTCOMES));
    expect(cohort.synthetic).toBe(true);
    expect(cohort.patients.map((p) => [p.patientId, p.pfsMonths, p.progressed, p.lesions.length])).toEqual([
      ['p1', 6.5, true, 2],
      ['p2', 12, false, 1],
    ]);
  });

  const head = 'patient_id,pfs_months,progressed';
  it.each([
    ['zero survival time', `${head}\np1,0,1`, 'pfs_months', /survival time must be positive, got "0"/],
    ['negative survival time', `${head}\np1,-2,0`, 'pfs_months', /survival time must be positive, got "-2"/],
    ['missing survival time', `${head}\np1,,0`, 'pfs_months', /survival time is missing/],
    [
      'event flag 2',
      `${head}\np1,3,2`,
      'progressed',
      /event flag "2" \(must be 1 \(progressed\) or 0 \(censored\)\)/,
    ],
    ['event flag yes', `${head}\np1,3,yes`, 'progressed', /event flag "yes"/],
    ['event flag 0.5', `${head}\np1,3,0.5`, 'progressed', /event flag "0.5"/],
  ])('%s: names file, row and column', (_name, text, column, message) => {
    const error = errorOf(() => parseOutcomeText(text, 'outcomes.csv'));
    expect([error.file, error.row, error.column]).toEqual(['outcomes.csv', 1, column]);
    expect(error.message).toMatch(message);
  });

  it('refuses a duplicate patient and an unknown column', () => {
    expect(errorOf(() => parseOutcomeText(`${head}\np1,3,1\np1,4,0`, 'o.csv')).message).toMatch(
      /o\.csv, row 2 \(line 3\), patient "p1", column "patient_id": duplicate patient id \(already used in row 1\)/,
    );
    expect(errorOf(() => parseOutcomeText(`${head},os\np1,3,1,2`, 'o.csv')).column).toBe('os');
  });

  it('a patient with lesions and no outcome is named at its first lesion row', () => {
    const outcomes = parseOutcomeText(`${head}\np1,3,1`, 'outcomes.csv');
    const error = errorOf(() => joinPrognosisCohort(parseLesionText(LESIONS, 'lesions.csv'), outcomes));
    expect([error.file, error.row, error.line, error.column, error.patientId]).toEqual([
      'lesions.csv',
      3,
      5,
      'patient_id',
      'p2',
    ]);
    expect(error.message).toMatch(/lesions but no row in the outcome table outcomes\.csv/);
  });

  it('a patient with an outcome and no lesions is named at its outcome row', () => {
    const outcomes = parseOutcomeText(`${OUTCOMES}\np3,4,1`, 'outcomes.csv');
    const error = errorOf(() => joinPrognosisCohort(parseLesionText(LESIONS, 'lesions.csv'), outcomes));
    expect([error.file, error.row, error.column, error.patientId]).toEqual([
      'outcomes.csv',
      3,
      'patient_id',
      'p3',
    ]);
    expect(error.message).toMatch(/an outcome but no lesions in the lesion table lesions\.csv/);
  });
});
