import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import { parseCohortText } from '../../src/cohort/parseCohort.js';
import { alignRepeat, parseRepeatText } from '../../src/cohort/repeatMeasurement.js';

const HEADER = 'patient_id,site,her2_status,er,pr';
const declaration = { modalities: ['pet_', 'mri_'], categorical: ['mri_margin'], ignore: ['scanner'] };

function errorOf(run: () => unknown): CohortError {
  try {
    run();
  } catch (error) {
    if (error instanceof CohortError) return error;
    throw error;
  }
  throw new Error('expected a CohortError');
}

describe('declared columns', () => {
  it('reads modality-prefixed features, declared categorical columns, and skips ignored ones', () => {
    const cohort = parseCohortText(
      `${HEADER},pet_a,mri_margin,scanner\nP1,A,low,1,1,0.5,oval,GE\nP2,A,zero,0,1,0.7, irregular ,Siemens\n`,
      { columns: declaration },
    );
    expect(cohort.featureNames).toEqual(['pet_a']);
    expect(cohort.categoricalNames).toEqual(['mri_margin']);
    expect(cohort.categorical).toEqual([['oval', 'irregular']]);
  });

  it('an unclaimed column (an unrenamed "Ki-67 (%)") is an error naming it and the config keys that would claim it', () => {
    const error = errorOf(() =>
      parseCohortText(`${HEADER},pet_a,Ki-67 (%),SUVmax\nP1,A,low,1,1,0.5,20,3\n`, {
        source: 'c.csv',
        columns: declaration,
      }),
    );
    expect(error.column).toBe('Ki-67 (%)');
    expect(error.message).toMatch(/^c\.csv, line 1, column "Ki-67 \(%\)": 2 columns are neither/);
    expect(error.message).toContain('"Ki-67 (%)", "SUVmax"');
    expect(error.message).toMatch(/"modalities".*"categorical".*"ignoreColumns"/);
  });

  it('a number in a declared categorical column is an error naming file, row and column', () => {
    const error = errorOf(() =>
      parseCohortText(`${HEADER},pet_a,mri_margin\nP1,A,low,1,1,0.5,oval\nP2,A,zero,0,1,0.7,2\n`, {
        source: 'c.csv',
        columns: declaration,
      }),
    );
    expect(error.message).toMatch(
      /^c\.csv, row 2 \(line 3\), patient "P2", column "mri_margin": a number in a column declared categorical .*: "2"/,
    );
  });

  it('a declared categorical column the file lacks is an error naming it', () => {
    const error = errorOf(() =>
      parseCohortText(`${HEADER},pet_a\nP1,A,low,1,1,0.5\n`, { columns: declaration }),
    );
    expect(error.column).toBe('mri_margin');
    expect(error.message).toMatch(/config "categorical" declares column "mri_margin"/);
  });

  it('repeat readings carry the categorical columns, aligned to the cohort', () => {
    const cohort = parseCohortText(
      `${HEADER},pet_a,mri_margin\nP1,A,low,1,1,0.5,oval\nP2,A,zero,0,1,0.7,round\n`,
      {
        columns: declaration,
      },
    );
    const repeat = alignRepeat(
      cohort,
      parseRepeatText('patient_id,mri_margin,pet_a\nP2,oval,0.71\nP1,oval,0.52\n', { columns: declaration }),
    );
    expect(repeat.categorical).toEqual([['oval', 'oval']]);
  });
});
