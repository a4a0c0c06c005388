// The clinical sheet's words, the map file, and PyRadiomics' Python-literal settings.
import { describe, expect, it } from 'vitest';
import { CohortError } from '../../../src/cohort/errors.js';
import {
  fishFromCell,
  her2FromCell,
  ihcFromCell,
  receptorCell,
} from '../../../src/cohort/pyradiomics/clinicalAliases.js';
import { parseClinicalMap } from '../../../src/cohort/pyradiomics/clinicalMap.js';
import { readDelimitedTable } from '../../../src/cohort/pyradiomics/delimitedTable.js';
import { parsePythonLiteral } from '../../../src/cohort/pyradiomics/pythonLiteral.js';
import { thrown } from '../../helpers/thrown.js';

describe('HER2 values', () => {
  it.each([
    ['HER2-low', { status: 'low' }],
    ['her2 low', { status: 'low' }],
    ['HER2-positive', { status: 'over' }],
    ['HER2-over', { status: 'over' }],
    ['HER2-0', { status: 'zero' }],
    ['IHC 2+', { ihc: '2+', fish: null }],
    ['IHC 2+/FISH-', { ihc: '2+', fish: 'negative' }],
    ['IHC 2+ / FISH+', { ihc: '2+', fish: 'positive' }],
    ['2+/amplified', { ihc: '2+', fish: 'positive' }],
    ['IHC 2+/SISH negative', { ihc: '2+', fish: 'negative' }],
    ['3+', { ihc: '3+', fish: null }],
    ['0', { ihc: '0', fish: null }],
  ])('%j', (text, expected) => {
    expect(her2FromCell(text)).toEqual(expected);
  });

  it('refuses what it does not know, including the ambiguous HER2-negative (low or zero)', () => {
    expect(her2FromCell('HER2-negative')).toBeUndefined();
    expect(her2FromCell('IHC 4+')).toBeUndefined();
    expect(her2FromCell('2+/FISH?')).toBeUndefined();
  });

  it('IHC and FISH columns', () => {
    expect(ihcFromCell('IHC 1+')).toBe('1+');
    expect(ihcFromCell('')).toBeNull();
    expect(ihcFromCell('weak')).toBeUndefined();
    expect(fishFromCell('FISH+')).toBe('positive');
    expect(fishFromCell('Not amplified')).toBe('negative');
    expect(fishFromCell('')).toBeNull();
    expect(fishFromCell('equivocal')).toBeUndefined();
  });
});

describe('ER / PR values', () => {
  it('a word with a percentage gives the percentage, which must agree with the 1% cut-off', () => {
    expect(receptorCell('Positive (70%)')).toEqual({ text: '70%' });
    expect(receptorCell('Negative (<1%)')).toEqual({ text: '<1%' });
    expect(receptorCell('positive (2,5 %)')).toEqual({ text: '2.5%' });
    expect(receptorCell('ER+')).toEqual({ text: 'positive' });
    expect(receptorCell('35')).toEqual({ text: '35' });
    expect(receptorCell('Positive (0.5%)')).toEqual({
      problem: '"Positive (0.5%)" says positive but 0.5% is below the 1% cut-off',
    });
    expect(receptorCell('Negative (10%)')).toEqual({
      problem: '"Negative (10%)" says negative but 10% is at least the 1% cut-off',
    });
  });
});

describe('map file', () => {
  it('reads columns and values, keyed case- and space-insensitively', () => {
    const map = parseClinicalMap(
      'columns:\n  "Pat.-Nr.": patient_id\n  Bemerkung: ignore\nvalues:\n  her2_status:\n    HER2-ultralow: zero\n',
      'm.yaml',
    );
    expect(map.columns.get('pat.-nr.')).toBe('patient_id');
    expect(map.columns.get('bemerkung')).toBe('ignore');
    expect(map.values.get('her2_status')?.get('her2-ultralow')).toBe('zero');
  });

  it.each([
    ['columns:\n  X: her2\n', 'm.yaml: "columns.X" must be one of patient_id, site, her2_status'],
    ['values:\n  grade:\n    a: b\n', 'm.yaml: "values.grade" is not a cohort column'],
    ['colums:\n  X: site\n', 'm.yaml: unknown key "colums" (expected columns, values)'],
    ['columns: [a\n', 'm.yaml: is not valid YAML'],
  ])('refuses %j naming the key', (text, message) => {
    expect(thrown(() => parseClinicalMap(text, 'm.yaml'), CohortError).message).toContain(message);
  });
});

describe('PyRadiomics settings as Python literals', () => {
  it('dicts, lists, tuples, None/True/False and quoted strings', () => {
    expect(
      parsePythonLiteral(
        "{'binWidth': 25, 'resampledPixelSpacing': None, 'force2D': False, 'distances': [1], 'spacing': (1.0, 2.5), 'one': (3,), 'name': 'it\\'s'}",
      ),
    ).toEqual({
      binWidth: 25,
      resampledPixelSpacing: null,
      force2D: false,
      distances: [1],
      spacing: [1, 2.5],
      one: [3],
      name: "it's",
    });
    expect(parsePythonLiteral("{'Original': {}, 'Wavelet': {}}")).toEqual({ Original: {}, Wavelet: {} });
    expect(parsePythonLiteral('not a literal {')).toBeUndefined();
  });
});

describe('delimited tables', () => {
  it('drops a pandas index 0..n-1 and keeps an unnamed first column that is not one, refusing it', () => {
    const table = readDelimitedTable(Buffer.from(',ID,x\n0,A,1\n1,B,2\n'), 'p.csv');
    expect(table.droppedPandasIndex).toBe(true);
    expect(table.header).toEqual(['ID', 'x']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(thrown(() => readDelimitedTable(Buffer.from(',ID\n5,A\n'), 'q.csv'), CohortError).message).toBe(
      'q.csv, line 1: the first column has no name and is not a pandas index 0..n-1; give it a name',
    );
  });

  it('counts lines from the file start past comments, for errors', () => {
    const error = thrown(
      () => readDelimitedTable(Buffer.from('# a\n# b\nID;x\nA;1;2\n'), 'r.csv'),
      CohortError,
    );
    expect(error.message).toBe('r.csv, row 1 (line 4): row has 3 cells but the header has 2 columns');
  });
});
