import { describe, expect, it } from 'vitest';
import { CsvTokenizer, tokenizeCsv } from '../../src/cohort/csvTokenizer.js';
import { CohortError } from '../../src/cohort/errors.js';

type Rec = { fields: string[]; line: number };

function tokenizeInChunks(
  text: string,
  cuts: number[],
  leadingComments = false,
): { records: Rec[]; comments: Rec[] } {
  const records: Rec[] = [];
  const comments: Rec[] = [];
  const tokenizer = new CsvTokenizer((fields, line) => records.push({ fields, line }), {
    source: 'chunks.csv',
    leadingComments,
    onComment: (text, line) => comments.push({ fields: [text], line }),
  });
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    tokenizer.push(text.slice(from, cut));
    from = cut;
  }
  tokenizer.end();
  return { records, comments };
}

const TRICKY =
  '\uFEFF# synthetic, "demo"\r\n# second\nid,"a,b",c\r\n1,"say ""hi""","x\r\ny"\n\n2,,"z"\r3,"",\r\n4,"q\n\nr",last';

describe('tokenizeCsv', () => {
  it('splits plain records and keeps empty fields', () => {
    expect(tokenizeCsv('a,b,c\n1,,3\n').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });

  it('reads RFC 4180 quoting: separators, doubled quotes and line breaks inside quotes', () => {
    const records = tokenizeCsv('"a,b","say ""hi""","two\nlines"\n');
    expect(records).toEqual([{ fields: ['a,b', 'say "hi"', 'two\nlines'], line: 1 }]);
  });

  it('accepts CRLF, LF and bare CR line ends and a last record without line end', () => {
    expect(tokenizeCsv('a\r\nb\nc\rd').map((r) => r.fields)).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('strips a leading BOM but keeps one elsewhere', () => {
    expect(tokenizeCsv('\uFEFFid,x\n\uFEFF1,2')[0].fields).toEqual(['id', 'x']);
    expect(tokenizeCsv('\uFEFFid,x\n\uFEFF1,2')[1].fields[0]).toBe('\uFEFF1');
  });

  it('skips empty lines and reports the physical start line of each record', () => {
    const records = tokenizeCsv('h1,h2\n\n"multi\nline",1\r\n2,3\n');
    expect(records.map((r) => r.line)).toEqual([1, 3, 5]);
  });

  it('gives a record ending in a separator at end of input an empty last field', () => {
    expect(tokenizeCsv('a,b\n1,').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('treats leading # lines as comments only when asked, and only before the first record', () => {
    const { records, comments } = tokenizeInChunks('# one, "two"\n#x\nh\n#data\n', [], true);
    expect(comments).toEqual([
      { fields: [' one, "two"'], line: 1 },
      { fields: ['x'], line: 2 },
    ]);
    expect(records).toEqual([
      { fields: ['h'], line: 3 },
      { fields: ['#data'], line: 4 },
    ]);
    expect(tokenizeCsv('#h\n1').map((r) => r.fields)).toEqual([['#h'], ['1']]);
  });

  it('gives the same records and lines whatever the chunk boundaries (every single and pair of cut points)', () => {
    const whole = tokenizeInChunks(TRICKY, [], true);
    expect(whole.records.map((r) => r.fields)).toEqual([
      ['id', 'a,b', 'c'],
      ['1', 'say "hi"', 'x\r\ny'],
      ['2', '', 'z'],
      ['3', '', ''],
      ['4', 'q\n\nr', 'last'],
    ]);
    expect(whole.records.map((r) => r.line)).toEqual([3, 4, 7, 8, 9]);
    for (let i = 0; i <= TRICKY.length; i++) {
      expect(tokenizeInChunks(TRICKY, [i], true)).toEqual(whole);
      for (let j = i; j <= TRICKY.length; j += 3) {
        expect(tokenizeInChunks(TRICKY, [i, j], true)).toEqual(whole);
      }
    }
    const oneCharAtATime = Array.from({ length: TRICKY.length }, (_, i) => i);
    expect(tokenizeInChunks(TRICKY, oneCharAtATime, true)).toEqual(whole);
  });

  it('rejects an unclosed quote with the line it starts on', () => {
    expect(() => tokenizeCsv('a,b\n1,"open\n2,3\n', 'bad.csv')).toThrowError(
      /bad\.csv, line 2: quoted field is never closed/,
    );
  });

  it('rejects text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => tokenizeCsv('a\n"x"y\n', 'q.csv')).toThrowError(
      /q\.csv, line 2: unexpected text after a closing quote/,
    );
    expect(() => tokenizeCsv('a\nx\ny"z\n', 'q.csv')).toThrowError(
      /q\.csv, line 3: a quote inside an unquoted field/,
    );
    try {
      tokenizeCsv('a\nx\ny"z\n', 'q.csv');
    } catch (error) {
      expect(error).toBeInstanceOf(CohortError);
      expect((error as CohortError).line).toBe(3);
    }
  });
});
