// CohortError.publicMessage: what a training-job record keeps of a cohort error (issue 9, fault 7).
// Every problem with a patient's cell is located by file, row, line and column, without the patient
// id or the cell's value; the message (for the CLI user who holds the file) still has both.
import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import { parseCohortText } from '../../src/cohort/parseCohort.js';
import { publicErrorMessage } from '../../src/jobs/publicErrorMessage.js';

const SECRET_ID = 'ZZ-SECRET-4711';
const HEADER = 'patient_id,site,set,her2_status,ihc,fish,er,pr,pet_f1';
const GOOD = 'P1,A,training,over,,,pos,neg,1.5';

/** The CohortError of a cohort with these data rows after the header. */
function errorOf(rows: string[]): CohortError {
  try {
    parseCohortText(`${HEADER}\n${rows.join('\n')}\n`, { source: 'cohort.csv' });
  } catch (error) {
    expect(error).toBeInstanceOf(CohortError);
    return error as CohortError;
  }
  throw new Error('expected a CohortError');
}

// [problem, SECRET_ID's row after the id, the column named, the value that must not leak]
const CASES: [string, string, string, string | null][] = [
  ['non-numeric feature', 'A,training,low,,,pos,neg,7.7.7-LEAK', 'pet_f1', '7.7.7-LEAK'],
  ['non-finite feature', 'A,training,low,,,pos,neg,-Infinity', 'pet_f1', '-Infinity'],
  ['missing feature (reject)', 'A,training,low,,,pos,neg,NA', 'pet_f1', null],
  ['unknown set', 'A,trainingLEAK,low,,,pos,neg,1', 'set', 'trainingLEAK'],
  ['unreadable ER', 'A,training,low,,,LEAK-ER,neg,1', 'er', 'LEAK-ER'],
  ['unknown her2_status', 'A,training,LEAKY,,,pos,neg,1', 'her2_status', 'LEAKY'],
  ['unknown IHC score', 'A,training,,4+LEAK,,pos,neg,1', 'ihc', '4+LEAK'],
  ['unknown FISH result', 'A,training,,2+,LEAKFISH,pos,neg,1', 'fish', 'LEAKFISH'],
  ['her2_status contradicting IHC', 'A,training,zero,3+,,pos,neg,1', 'her2_status', '3+'],
  ['equivocal IHC 2+', 'A,training,,2+,,pos,neg,1', 'ihc', '2+'],
  ['discordant IHC 1+ with FISH', 'A,training,,1+,positive,pos,neg,1', 'ihc', '1+'],
  ['duplicate patient id', 'A,training,low,,,pos,neg,1', 'patient_id', null],
];

describe('CohortError.publicMessage', () => {
  it.each(CASES)('%s: no patient id, no value; file, row, line and column kept', (_, row, column, value) => {
    // the second data row (line 3) is SECRET_ID's; for the duplicate, the first is too
    const secret = `${SECRET_ID},${row}`;
    const error = errorOf(column === 'patient_id' ? [secret, secret] : [GOOD, secret]);
    expect(error.message).toContain(SECRET_ID); // the CLI user still sees it
    if (value !== null) expect(error.message).toContain(value);
    const pub = error.publicMessage;
    expect(pub).not.toContain(SECRET_ID);
    if (value !== null) expect(pub).not.toContain(value);
    expect(pub).toMatch(new RegExp(`^cohort\\.csv, row 2 \\(line 3\\), column "${column}": \\S`));
    expect(publicErrorMessage(error)).toBe(pub);
  });

  it('a problem without patient data keeps its whole message', () => {
    const error = new CohortError('no radiomic feature columns found', { file: 'c.csv', line: 1 });
    expect(error.publicMessage).toBe(error.message);
  });

  it('errors without a public form record their message', () => {
    expect(publicErrorMessage(new Error('seed must be an integer'))).toBe('seed must be an integer');
    expect(publicErrorMessage('plain')).toBe('plain');
  });
});
