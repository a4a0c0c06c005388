import { describe, expect, it } from 'vitest';
import { CohortError } from '../../src/cohort/errors.js';
import { parsePredictionCsv } from '../../src/model/predictionInput.js';

function parseError(text: string, source = 'in.csv'): CohortError {
  try {
    parsePredictionCsv(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(CohortError);
    return error as CohortError;
  }
  throw new Error('expected a CohortError');
}

describe('parsePredictionCsv', () => {
  it('reads ids, ER/PR as written, numeric clinical columns and features', () => {
    const text = [
      'patient_id,er,pr,ki67,age,suv_max,suv_mean,f1,f_2',
      'P1,positive,5%,30,51,8.5,4.25,1.5,-2e-3',
      'P2,neg,0,12,60,3,2,0,7',
    ].join('\n');
    expect(parsePredictionCsv(text, 'in.csv')).toEqual([
      {
        id: 'P1',
        clinical: { er: 'positive', pr: '5%', ki67: 30, age: 51, suv_max: 8.5, suv_mean: 4.25 },
        features: { f1: 1.5, f_2: -0.002 },
      },
      {
        id: 'P2',
        clinical: { er: 'neg', pr: '0', ki67: 12, age: 60, suv_max: 3, suv_mean: 2 },
        features: { f1: 0, f_2: 7 },
      },
    ]);
  });

  it('reads the site column as the patient site; skips label and set columns and PyRadiomics bookkeeping, whatever they hold', () => {
    const text = [
      'patient_id,site,set,her2_status,ihc,fish,diagnostics_Versions_PyRadiomics,Image,Mask,f1',
      'P1,institution1,training,low,2+,negative,v3.1.0,img.nii,mask.nii,4',
    ].join('\n');
    expect(parsePredictionCsv(text, 'in.csv')).toEqual([
      { id: 'P1', clinical: {}, features: { f1: 4 }, site: 'institution1' },
    ]);
    // An empty site cell is no site.
    expect(parsePredictionCsv('patient_id,site,f1\nP2,,5\n', 'in.csv')).toEqual([
      { id: 'P2', clinical: {}, features: { f1: 5 } },
    ]);
  });

  it('known column names match case-insensitively, as in the cohort parser; feature names keep their case', () => {
    const text = ['Patient_ID,ER,Pr,Site,HER2_Status,Age,Feature_A', 'P1,positive,negative,B,zero,50,2'].join(
      '\n',
    );
    expect(parsePredictionCsv(text, 'in.csv')).toEqual([
      {
        id: 'P1',
        clinical: { er: 'positive', pr: 'negative', age: 50 },
        features: { Feature_A: 2 },
        site: 'B',
      },
    ]);
  });

  it('PyRadiomics’ ID column is the patient id when there is no patient_id', () => {
    expect(parsePredictionCsv('ID,f1\ncase-7,3\n', 'x.csv')).toEqual([
      { id: 'case-7', clinical: {}, features: { f1: 3 } },
    ]);
    // With both, patient_id wins and ID is not read as a feature.
    expect(parsePredictionCsv('ID,patient_id,f1\n9,P9,3\n', 'x.csv')).toEqual([
      { id: 'P9', clinical: {}, features: { f1: 3 } },
    ]);
  });

  it('missing tokens leave the input absent (the model decides whether it needs it)', () => {
    const [p] = parsePredictionCsv('patient_id,er,f1,f2,f3\nP1,NA,,nan,n/a\n', 'x.csv');
    expect(p).toEqual({ id: 'P1', clinical: {}, features: {} });
  });

  it('skips comment lines before the header and blank lines', () => {
    const text = '# synthetic\n# second comment, with comma\npatient_id,f1\n\nP1,1\n\nP2,2\n';
    expect(parsePredictionCsv(text, 'x.csv').map((p) => p.id)).toEqual(['P1', 'P2']);
  });

  it('a bad cell names file, row, column and patient', () => {
    const error = parseError('patient_id,f1,f2\nP1,1,2\nP2,3,abc\n', 'batch.csv');
    expect(error.file).toBe('batch.csv');
    expect(error.row).toBe(2);
    expect(error.column).toBe('f2');
    expect(error.patientId).toBe('P2');
    expect(error.message).toContain('batch.csv');
    expect(error.message).toContain('row 2');
    expect(error.message).toContain('"f2"');
    expect(error.message).toContain('"abc"');
  });

  it('a non-finite number is refused as such', () => {
    const error = parseError('patient_id,f1\nP1,Infinity\n');
    expect(error.message).toContain('non-finite');
    expect(error.column).toBe('f1');
  });

  it('a non-numeric clinical cell (other than ER/PR) names its column', () => {
    expect(parseError('patient_id,age,f1\nP1,fifty,1\n').column).toBe('age');
  });

  it('a row with the wrong number of cells', () => {
    const error = parseError('patient_id,f1,f2\nP1,1\n');
    expect(error.row).toBe(1);
    expect(error.message).toContain('has 2 cells but the header has 3');
  });

  it('duplicate and empty patient ids', () => {
    expect(parseError('patient_id,f1\nP1,1\nP1,2\n').message).toContain('duplicate patient id');
    const empty = parseError('patient_id,f1\n ,1\n');
    expect(empty.message).toContain('empty patient id');
    expect(empty.column).toBe('patient_id');
  });

  it('no id column, no header', () => {
    expect(parseError('name,f1\nP1,1\n').message).toContain('"patient_id"');
    expect(parseError('# only a comment\n').message).toContain('no header row');
  });
});
