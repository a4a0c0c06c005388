import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import { parseCohortFile, parseCohortText } from '../../src/cohort/parseCohort.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/cohort');
const HEADER = 'patient_id,site,her2_status,er,pr,pet_original_firstorder_Mean,ct_original_shape_Volume';
const ROWS = ['P1,A,over,pos,neg,1.5,100', 'P2,A,low,35%,0,2.5,200', 'P3,B,zero,neg,pos,-0.5,300'];

function csv(header: string, rows: string[]): string {
  return `${header}\n${rows.join('\n')}\n`;
}

/** Parses and returns the CohortError (failing the test if none is thrown). */
function errorOf(text: string, options = {}): CohortError {
  try {
    parseCohortText(text, { source: 'cohort.csv', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(CohortError);
    return error as CohortError;
  }
  throw new Error('expected a CohortError');
}

function withRow(index: number, row: string): string {
  const rows = [...ROWS];
  rows[index] = row;
  return csv(HEADER, rows);
}

describe('parseCohortText: valid files', () => {
  it('reads ids, sites, labels, ER/PR and features column-major', () => {
    const cohort = parseCohortText(csv(HEADER, ROWS), { source: 'c.csv' });
    expect(cohort.source).toBe('c.csv');
    expect(cohort.patientIds).toEqual(['P1', 'P2', 'P3']);
    expect(cohort.sites).toEqual(['A', 'A', 'B']);
    expect(cohort.labels).toEqual(['over', 'low', 'zero']);
    expect(cohort.sets).toBeNull();
    expect(Array.from(cohort.clinical.er!)).toEqual([1, 1, 0]);
    expect(Array.from(cohort.clinical.pr!)).toEqual([0, 0, 1]);
    expect(cohort.clinical.ki67).toBeUndefined();
    expect(cohort.featureNames).toEqual(['pet_original_firstorder_Mean', 'ct_original_shape_Volume']);
    expect(cohort.features.map((f) => Array.from(f))).toEqual([
      [1.5, 2.5, -0.5],
      [100, 200, 300],
    ]);
    expect(cohort.synthetic).toBe(false);
  });

  it('reads a fixture with comments, optional clinical columns and a PyRadiomics diagnostics column', async () => {
    const cohort = await parseCohortFile(join(FIXTURES, 'small.csv'));
    expect(cohort.synthetic).toBe(true); // "# Synthetic cohort ..." header comment
    expect(cohort.featureNames).toEqual([
      'pet_original_firstorder_Mean',
      'ct_original_shape_MajorAxisLength',
    ]);
    expect(Array.from(cohort.clinical.ki67!)).toEqual([30, 10, NaN, 15]);
    expect(Array.from(cohort.clinical.age!)).toEqual([51, 62, 47, 58]);
    expect(Array.from(cohort.features[1])).toEqual([20.25, 18, 100, 22.5]);
  });

  it('reads PyRadiomics batch output: ID as patient id, Image/Mask/diagnostics ignored, BOM, CRLF, quoted cells, IHC/FISH labels', async () => {
    const cohort = await parseCohortFile(join(FIXTURES, 'pyradiomics-crlf-bom.csv'));
    expect(cohort.patientIds).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(cohort.sites).toEqual(['Site, North', 'Site "B"', 'Site, North', 'multi\r\nline', 'Site, North']);
    expect(cohort.labels).toEqual(['over', 'over', 'low', 'low', 'zero']);
    expect(cohort.featureNames).toEqual(['pet_wavelet-LLL_firstorder_Skewness', 'ct_original_glcm_Id,x']);
    expect(Array.from(cohort.clinical.er!)).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(cohort.clinical.pr!)).toEqual([0, 1, 1, 1, 0]);
  });

  it('ignores modality-prefixed diagnostics and an ID column when patient_id is present', () => {
    const cohort = parseCohortText(
      csv(
        `ID,${HEADER},pet_diagnostics_Image-original_Mean,ct_Mask`,
        ROWS.map((r, i) => `${i + 10},${r},3.5,m.nrrd`),
      ),
    );
    expect(cohort.patientIds).toEqual(['P1', 'P2', 'P3']);
    expect(cohort.featureNames).toEqual(['pet_original_firstorder_Mean', 'ct_original_shape_Volume']);
  });

  it('matches known column names case-insensitively and keeps feature names as written', () => {
    const header = 'Patient_ID,SITE,HER2_Status,ER,Pr,PET_original_firstorder_Mean,ct_original_shape_Volume';
    const cohort = parseCohortText(csv(header, ROWS));
    expect(cohort.labels).toEqual(['over', 'low', 'zero']);
    expect(cohort.featureNames[0]).toBe('PET_original_firstorder_Mean');
  });

  it('reads the set column', () => {
    const rows = ROWS.map((r, i) => `${r},${['training', 'Validation', 'external'][i]}`);
    expect(parseCohortText(csv(`${HEADER},set`, rows)).sets).toEqual(['training', 'validation', 'external']);
  });

  it('marks a cohort synthetic by file name', () => {
    expect(parseCohortText(csv(HEADER, ROWS), { source: '/data/demo-synthetic-cohort.csv' }).synthetic).toBe(
      true,
    );
    expect(parseCohortText(`# real patients\n${csv(HEADER, ROWS)}`, { source: 'x.csv' }).synthetic).toBe(
      false,
    );
  });

  it('accepts Buffer content and skips rows of bare separators', () => {
    const cohort = parseCohortText(Buffer.from(`\uFEFF${csv(HEADER, [...ROWS, ',,,,,,'])}`, 'utf8'));
    expect(cohort.patientIds).toEqual(['P1', 'P2', 'P3']);
  });

  it('prefers a stated her2_status to IHC when IHC alone is indeterminate, and derives it otherwise', () => {
    const header = 'patient_id,site,her2_status,ihc,fish,er,pr,pet_f1';
    const cohort = parseCohortText(
      csv(header, ['P1,A,low,2+,,1,1,1', 'P2,A,,2+,positive,1,1,2', 'P3,A,zero,0,,1,1,3']),
    );
    expect(cohort.labels).toEqual(['low', 'over', 'zero']);
  });
});

describe('parseCohortText: errors name file, row, line and column', () => {
  it('non-numeric feature value', () => {
    const error = errorOf(withRow(1, 'P2,A,low,35%,0,high,200'));
    expect(error.message).toBe(
      'cohort.csv, row 2 (line 3), patient "P2", column "pet_original_firstorder_Mean": non-numeric value "high"',
    );
    expect([error.file, error.row, error.line, error.column]).toEqual([
      'cohort.csv',
      2,
      3,
      'pet_original_firstorder_Mean',
    ]);
  });

  it.each(['inf', 'Infinity', '-inf', '1e999'])('non-finite feature value %s', (text) => {
    const error = errorOf(withRow(2, `P3,B,zero,neg,pos,-0.5,${text}`));
    expect(error.message).toMatch(/row 3 \(line 4\).*column "ct_original_shape_Volume": non-finite value/);
  });

  it('line numbers count comment lines and multi-line quoted cells', () => {
    const text = `# note\n${HEADER}\nP1,"two\nlines",over,pos,neg,1,2\nP2,A,low,pos,neg,x,2\n`;
    expect(errorOf(text).message).toMatch(
      /^cohort\.csv, row 2 \(line 5\), patient "P2", column "pet_original_firstorder_Mean"/,
    );
  });

  it('duplicate patient id', () => {
    const error = errorOf(withRow(2, 'P1,B,zero,neg,pos,-0.5,300'));
    expect(error.message).toMatch(
      /row 3 \(line 4\), patient "P1", column "patient_id": duplicate patient id \(already used in row 1\)/,
    );
  });

  it('missing label and unknown label', () => {
    expect(errorOf(withRow(1, 'P2,A,,35%,0,2.5,200')).message).toMatch(
      /row 2 .*column "her2_status": missing HER2 label/,
    );
    expect(errorOf(withRow(1, 'P2,A,positive,35%,0,2.5,200')).message).toMatch(
      /row 2 .*column "her2_status": unknown her2_status "positive" \(expected over, low or zero\)/,
    );
  });

  it('IHC 2+ without FISH is refused naming row and patient', () => {
    const text = csv('patient_id,site,ihc,fish,er,pr,pet_f1', ['P1,A,3+,,1,1,1', 'P9,A,2+,,1,1,2']);
    expect(errorOf(text).message).toMatch(
      /row 2 \(line 3\), patient "P9", column "ihc": IHC 2\+ is equivocal without a FISH result/,
    );
  });

  it('unknown IHC score, unknown FISH result and a stated status contradicting IHC', () => {
    const header = 'patient_id,site,her2_status,ihc,fish,er,pr,pet_f1';
    expect(errorOf(csv(header, ['P1,A,,4+,,1,1,1'])).message).toMatch(
      /column "ihc": unknown IHC score "4\+"/,
    );
    expect(errorOf(csv(header, ['P1,A,,2+,maybe,1,1,1'])).message).toMatch(
      /column "fish": unknown FISH result "maybe"/,
    );
    expect(errorOf(csv(header, ['P1,A,low,3+,,1,1,1'])).message).toMatch(
      /column "her2_status": her2_status "low" contradicts IHC 3\+ \(which means "over"\)/,
    );
  });

  it.each([
    ['patient_id', 'patient_id (or ID)'],
    ['site', 'site'],
    ['her2_status', 'her2_status (or ihc with fish)'],
    ['er', 'er'],
    ['pr', 'pr'],
  ])('missing required column %s', (drop, named) => {
    const columns = HEADER.split(',');
    const keep = columns.map((c) => c !== drop);
    const pick = (line: string) =>
      line
        .split(',')
        .filter((_, i) => keep[i])
        .join(',');
    const error = errorOf(csv(pick(HEADER), ROWS.map(pick)));
    expect(error.message).toContain(`missing required column: ${named}`);
    expect(error.message).toMatch(/^cohort\.csv, line 1/);
  });

  it('ragged rows (too few and too many cells)', () => {
    expect(errorOf(withRow(1, 'P2,A,low,35%,0,2.5')).message).toMatch(
      /row 2 \(line 3\): row has 6 cells but the header has 7 columns/,
    );
    expect(errorOf(withRow(2, 'P3,B,zero,neg,pos,-0.5,300,9')).message).toMatch(
      /row 3 \(line 4\): row has 8 cells/,
    );
  });

  it('unknown set value', () => {
    const rows = ROWS.map((r, i) => `${r},${['training', 'test', 'external'][i]}`);
    expect(errorOf(csv(`${HEADER},set`, rows)).message).toMatch(
      /row 2 \(line 3\), patient "P2", column "set": unknown set "test" \(expected training, validation, external\)/,
    );
  });

  it('unreadable ER/PR status', () => {
    expect(errorOf(withRow(0, 'P1,A,over,strong,neg,1.5,100')).message).toMatch(
      /row 1 .*column "er": cannot read ER status "strong"/,
    );
    expect(errorOf(withRow(0, 'P1,A,over,pos,150%,1.5,100')).message).toMatch(
      /column "pr": cannot read PR status "150%"/,
    );
  });

  it('empty patient id, empty site, duplicate header column, empty header name, no data rows', () => {
    expect(errorOf(withRow(0, ',A,over,pos,neg,1.5,100')).message).toMatch(
      /row 1 .*column "patient_id": patient id is empty/,
    );
    expect(errorOf(withRow(0, 'P1,,over,pos,neg,1.5,100')).message).toMatch(/column "site": site is empty/);
    expect(
      errorOf(
        csv(
          `${HEADER},ER`,
          ROWS.map((r) => `${r},1`),
        ),
      ).message,
    ).toMatch(/column "ER": column appears twice/);
    expect(
      errorOf(
        csv(
          `${HEADER},`,
          ROWS.map((r) => `${r},1`),
        ),
      ).message,
    ).toMatch(/header column 8 has no name/);
    expect(
      errorOf(
        csv(
          `Unnamed: 0,${HEADER}`,
          ROWS.map((r, i) => `${i},${r}`),
        ),
      ).message,
    ).toMatch(/^cohort\.csv, line 1, column "Unnamed: 0": looks like a pandas index column/);
    expect(errorOf(`${HEADER}\n`).message).toMatch(/header but no data rows/);
    expect(errorOf('# only a comment\n').message).toMatch(/no header row/);
  });
});

describe('missing feature values', () => {
  const gappy = csv(HEADER, ['P1,A,over,pos,neg,,100', 'P2,A,low,35%,0,NA,200', 'P3,B,zero,neg,pos,NaN,N/A']);

  it('are rejected by default, naming file, row and column', () => {
    expect(errorOf(gappy).message).toMatch(
      /^cohort\.csv, row 1 \(line 2\), patient "P1", column "pet_original_firstorder_Mean": missing value ""/,
    );
    expect(errorOf(withRow(1, 'P2,A,low,,0,2.5,200')).message).toMatch(
      /row 2 .*column "er": missing ER status/,
    );
  });

  it("are kept as NaN with missing: 'impute-median'", () => {
    const cohort = parseCohortText(gappy, { missing: 'impute-median' });
    expect(Array.from(cohort.features[0])).toEqual([NaN, NaN, NaN]);
    expect(Array.from(cohort.features[1])).toEqual([100, 200, NaN]);
  });

  it('in optional clinical columns are always NaN', () => {
    const cohort = parseCohortText(
      csv(
        `${HEADER},ki67,age`,
        ROWS.map((r, i) => `${r},${i === 1 ? '' : '20'},NA`),
      ),
    );
    expect(Array.from(cohort.clinical.ki67!)).toEqual([20, NaN, 20]);
  });

  it('an unknown policy is a TypeError', () => {
    expect(() => parseCohortText(gappy, { missing: 'drop' as never })).toThrowError(TypeError);
  });
});

describe('parseCohortFile (streamed) equals parseCohortText on the same content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('for a multi-chunk file with quoted multi-line and non-ASCII cells', async () => {
    // > 1 MiB so the read stream delivers several chunks; the é and ü straddle some boundaries.
    const features = Array.from({ length: 300 }, (_, j) => `pet_original_glcm_F${j}`);
    const lines = [`# synthetic stress file\npatient_id,site,her2_status,er,pr,${features.join(',')}`];
    const statuses = ['over', 'low', 'zero'];
    for (let i = 0; i < 600; i++) {
      const site = i % 7 === 0 ? '"Zürich, ""Nord""\nSite"' : 'Créteil';
      const values = features.map((_, j) => ((i * 31 + j * 17) % 1000) / 7 - 50);
      lines.push(`P${i},${site},${statuses[i % 3]},${i % 100}%,neg,${values.join(',')}`);
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const path = join(dir, 'stress.csv');
    writeFileSync(path, text);
    const streamed = await parseCohortFile(path, { source: 'stress.csv' });
    const fromText = parseCohortText(text, { source: 'stress.csv' });
    expect(streamed).toEqual(fromText);
    expect(streamed.patientIds.length).toBe(600);
    expect(streamed.sites[7]).toBe('Zürich, "Nord"\nSite');
    expect(streamed.synthetic).toBe(true);
  });

  it('rejects a bad file with the same error as the text parse', async () => {
    const text = withRow(2, 'P3,B,zero,neg,pos,oops,300');
    const path = join(dir, 'bad.csv');
    writeFileSync(path, text);
    await expect(parseCohortFile(path)).rejects.toThrowError(
      `${path}, row 3 (line 4), patient "P3", column "pet_original_firstorder_Mean": non-numeric value "oops"`,
    );
  });
});
