import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import { parseCohortFile } from '../../src/cohort/parseCohort.js';
import { alignRepeat, parseRepeatFile, parseRepeatText } from '../../src/cohort/repeatMeasurement.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/cohort');
const FEATURES = 'pet_original_firstorder_Mean,ct_original_shape_MajorAxisLength';

describe('parseRepeatText / parseRepeatFile', () => {
  it('reads only the id and feature columns; label columns are ignored', async () => {
    const repeat = await parseRepeatFile(join(FIXTURES, 'repeat-reader2.csv'));
    expect(repeat.patientIds).toEqual(['P3', 'P1', 'P4', 'P2']);
    expect(repeat.featureNames).toEqual(FEATURES.split(','));
    expect(Array.from(repeat.features[0])).toEqual([-0.4, 1.6, 3.1, 2.4]);
  });

  it('ignores clinical, site and set columns even when their values would be invalid in a cohort', () => {
    const repeat = parseRepeatText('patient_id,site,er,set,pet_f1\nP1,,??,whatever,1\n');
    expect(repeat.featureNames).toEqual(['pet_f1']);
  });

  it('rejects bad feature values and duplicate ids with file, row and column', () => {
    expect(() => parseRepeatText('ID,pet_f1\nP1,1\nP2,x\n', { source: 'r2.csv' })).toThrowError(
      'r2.csv, row 2 (line 3), patient "P2", column "pet_f1": non-numeric value "x"',
    );
    expect(() => parseRepeatText('ID,pet_f1\nP1,1\nP1,2\n', { source: 'r2.csv' })).toThrowError(
      /row 2 .*duplicate patient id/,
    );
    expect(() => parseRepeatText('name,pet_f1\nP1,1\n', { source: 'r2.csv' })).toThrowError(
      /missing required column: patient_id \(or ID\)/,
    );
  });
});

describe('alignRepeat', () => {
  it('reorders patients (and columns) to the cohort order', async () => {
    const cohort = await parseCohortFile(join(FIXTURES, 'small.csv'));
    const repeat = parseRepeatText(
      `ID,ct_original_shape_MajorAxisLength,pet_original_firstorder_Mean\nP4,22,3.1\nP2,18.5,2.4\nP1,20.5,1.6\nP3,99,-0.4\n`,
      { source: 'reader2.csv' },
    );
    const aligned = alignRepeat(cohort, repeat);
    expect(aligned.source).toBe('reader2.csv');
    expect(aligned.patientIds).toEqual(cohort.patientIds);
    expect(aligned.featureNames).toEqual(cohort.featureNames);
    expect(Array.from(aligned.features[0])).toEqual([1.6, 2.4, -0.4, 3.1]);
    expect(Array.from(aligned.features[1])).toEqual([20.5, 18.5, 99, 22]);
    // The input is not modified.
    expect(repeat.patientIds).toEqual(['P4', 'P2', 'P1', 'P3']);
  });

  async function mismatch(text: string): Promise<CohortError> {
    const cohort = await parseCohortFile(join(FIXTURES, 'small.csv'), { source: 'cohort.csv' });
    try {
      alignRepeat(cohort, parseRepeatText(text, { source: 'intra.csv' }));
    } catch (error) {
      expect(error).toBeInstanceOf(CohortError);
      return error as CohortError;
    }
    throw new Error('expected a CohortError');
  }

  it('names the first cohort patient missing from the repeat', async () => {
    const error = await mismatch(`ID,${FEATURES}\nP1,1,2\nP3,1,2\nP4,1,2\n`);
    expect(error.message).toBe(
      'intra.csv, patient "P2": patient of the cohort (cohort.csv, row 2) is missing from the repeat measurement',
    );
    expect(error.patientId).toBe('P2');
    expect(error.publicMessage).toBe(
      'intra.csv: patient of the cohort (cohort.csv, row 2) is missing from the repeat measurement',
    );
  });

  it('names the first extra patient', async () => {
    const error = await mismatch(`ID,${FEATURES}\nP1,1,2\nP2,1,2\nP3,1,2\nP4,1,2\nP5,1,2\n`);
    expect(error.message).toBe('intra.csv, row 5, patient "P5": patient is not in the cohort (cohort.csv)');
    expect(error.publicMessage).toBe('intra.csv, row 5: patient is not in the cohort (cohort.csv)');
  });

  it('names the first missing and the first extra feature column', async () => {
    const ids = ['P1', 'P2', 'P3', 'P4'];
    const missing = await mismatch(
      `ID,pet_original_firstorder_Mean\n${ids.map((id) => `${id},1`).join('\n')}\n`,
    );
    expect(missing.message).toMatch(
      /^intra\.csv, column "ct_original_shape_MajorAxisLength": feature column of the cohort/,
    );
    const extra = await mismatch(`ID,${FEATURES},ct_x\n${ids.map((id) => `${id},1,2,3`).join('\n')}\n`);
    expect(extra.message).toBe('intra.csv, column "ct_x": feature column is not in the cohort (cohort.csv)');
  });
});
