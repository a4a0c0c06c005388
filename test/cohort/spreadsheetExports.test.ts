// Cohort files that passed through a spreadsheet: other separators, UTF-16, Windows-1252, a pandas
// index, a label column under another name. Each is read correctly or refused naming what was found.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizeCsv } from '../../src/cohort/csvTokenizer.js';
import { parseCohortFile, parseCohortText } from '../../src/cohort/parseCohort.js';
import {
  decodeSpreadsheetBytes,
  detectDelimiter,
  firstInvalidUtf8,
  withDecimalPoint,
} from '../../src/cohort/spreadsheetText.js';
import { CohortError } from '../../src/cohort/errors.js';
import { thrown } from '../helpers/thrown.js';

async function rejection(promise: Promise<unknown>): Promise<CohortError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CohortError);
  return error as CohortError;
}

const COHORT =
  'patient_id,site,her2_status,er,pr,pet_f1\nJosé-1,A,low,positive,negative,1.5\nP2,A,over,neg,pos,2\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-spreadsheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('cohort reader: encodings', () => {
  it('reads UTF-16LE with a BOM (Excel "Unicode text"), file and upload alike', async () => {
    const path = join(dir, 'utf16.csv');
    await writeFile(path, utf16le(COHORT));
    const cohort = await parseCohortFile(path, { source: 'utf16.csv' });
    expect(cohort.patientIds).toEqual(['José-1', 'P2']);
    expect(Array.from(cohort.features[0])).toEqual([1.5, 2]);
    expect(parseCohortText(utf16le(COHORT)).patientIds).toEqual(['José-1', 'P2']);
  });

  it('refuses Windows-1252 bytes naming the encoding and the line, never mojibake', async () => {
    const path = join(dir, 'cp1252.csv');
    await writeFile(path, Buffer.from(COHORT, 'latin1')); // é is the single byte 0xE9
    const fromFile = await rejection(parseCohortFile(path, { source: 'cp1252.csv' }));
    expect(fromFile.message).toBe(
      'cp1252.csv, line 2: is not UTF-8 (byte 0xE9): it looks like Windows-1252, what a spreadsheet saves as "CSV" on Windows; ' +
        'save it as "CSV UTF-8", or build it with `her2 cohort build`, which decodes Windows-1252',
    );
    const fromUpload = await thrown(
      () => parseCohortText(Buffer.from(COHORT, 'latin1'), { source: 'up.csv' }),
      CohortError,
    );
    expect(fromUpload.message).toContain('up.csv, line 2: is not UTF-8 (byte 0xE9)');
  });
});

describe('cohort reader: separators, pandas index, label column', () => {
  it.each([
    [';', 'semicolon ";"'],
    ['\t', 'tab'],
  ])('a header separated by %j is refused naming the separator', (separator, name) => {
    const text = COHORT.replaceAll(',', separator).replace('1.5', '1,5');
    const error = thrown(() => parseCohortText(text, { source: 'export.csv' }), CohortError);
    expect(error.message).toMatch(
      new RegExp(`^export\\.csv, line 1: the header is separated by ${name}, not commas`),
    );
  });

  it('an unnamed first column is named as a pandas index', () => {
    const text = `,${COHORT.split('\n')[0]}\n0,${COHORT.split('\n')[1]}\n`;
    expect(thrown(() => parseCohortText(text, { source: 'df.csv' }), CohortError).message).toBe(
      'df.csv, line 1: the first column has no name: it looks like a pandas index (DataFrame.to_csv writes one unless ' +
        'index=False); write the file with index=False or remove the column',
    );
  });

  it('a label column under another name is named in the error', () => {
    const text = COHORT.replace('her2_status', 'HER2 status');
    const message = thrown(() => parseCohortText(text, { source: 'c.csv' }), CohortError).message;
    expect(message).toContain('missing required column: her2_status (or ihc with fish)');
    expect(message).toContain('found column "HER2 status", which looks like the HER2 label');
  });
});

describe('spreadsheet text helpers', () => {
  it('decodes UTF-8, UTF-16BE and Windows-1252 to the same text and says which it was', () => {
    const text = 'ID;Ki-67 (%)\nJosé;12,5 €\n';
    expect(decodeSpreadsheetBytes(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeSpreadsheetBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({
      text,
      encoding: 'UTF-16BE',
    });
    const cp1252 = Buffer.from(text.replace('€', ''), 'latin1');
    expect(decodeSpreadsheetBytes(Buffer.concat([cp1252, Buffer.from([0x80])]))).toEqual({
      text: `${text.replace('€', '')}€`,
      encoding: 'Windows-1252',
    });
  });

  it('finds the first byte that is not UTF-8 and its line', () => {
    expect(firstInvalidUtf8(Buffer.from('a\nb\n\xe9', 'latin1'))).toEqual({ line: 3, byte: 0xe9 });
    expect(firstInvalidUtf8(Buffer.from('a\né', 'utf8'))).toBeUndefined();
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xc3]))).toEqual({ line: 1, byte: 0xc3 });
  });

  it('detects the header separator outside quotes, and decimal commas', () => {
    expect(detectDelimiter('ID;"a,b";c')).toBe(';');
    expect(detectDelimiter('ID\tx\ty')).toBe('\t');
    expect(detectDelimiter('ID,"a;b;c",d')).toBe(',');
    expect(withDecimalPoint('-12,5e-3')).toBe('-12.5e-3');
    expect(withDecimalPoint('1,234,5')).toBe('1,234,5');
    expect(withDecimalPoint('HER2-low')).toBe('HER2-low');
  });

  it('the tokenizer splits on the given separator, quotes included', () => {
    expect(tokenizeCsv('a;"b;c";1,5\n', 'x', ';').map((r) => r.fields)).toEqual([['a', 'b;c', '1,5']]);
    expect(tokenizeCsv('a\t"b\tc"\n', 'x', '\t').map((r) => r.fields)).toEqual([['a', 'b\tc']]);
  });
});

describe('cohort reader: the # pyradiomics-extraction comment', () => {
  const extraction = { pet: { versions: { PyRadiomics: 'v3.1.0' }, settings: { binWidth: 0.25 } } };

  it('is read into Cohort.extraction, and does not mark the cohort synthetic', () => {
    const cohort = parseCohortText(`# pyradiomics-extraction: ${JSON.stringify(extraction)}\n${COHORT}`);
    expect(cohort.extraction).toEqual(extraction);
    expect(cohort.synthetic).toBe(false);
  });

  it.each(['{"pet": 5}', '{"pet": {"versions": {"PyRadiomics": 3}}}', '[1]', '{not json'])(
    'a malformed one (%s) is refused naming file and line',
    (json) => {
      const error = thrown(
        () => parseCohortText(`# a\n# pyradiomics-extraction: ${json}\n${COHORT}`, { source: 'x.csv' }),
        CohortError,
      );
      expect(error.message).toMatch(
        /^x\.csv, line 2: the pyradiomics-extraction: comment must be a JSON object/,
      );
    },
  );
});
