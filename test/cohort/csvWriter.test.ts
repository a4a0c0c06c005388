import { describe, expect, it } from 'vitest';
import { tokenizeCsv } from '../../src/cohort/csvTokenizer.js';
import { formatCsvRow } from '../../src/cohort/csvWriter.js';

describe('formatCsvRow', () => {
  it('leaves plain cells alone and writes numbers in full precision', () => {
    expect(formatCsvRow(['P1', 'A', 0.1 + 0.2, -3, 1e-7])).toBe('P1,A,0.30000000000000004,-3,1e-7');
  });

  it('quotes separators, quotes, line breaks and surrounding spaces', () => {
    expect(formatCsvRow(['a,b', 'say "hi"', 'x\ny', ' pad', 'ok'])).toBe(
      '"a,b","say ""hi""","x\ny"," pad",ok',
    );
  });

  it('writes NaN as an empty (missing) cell and refuses infinities', () => {
    expect(formatCsvRow([1, NaN, 2])).toBe('1,,2');
    expect(() => formatCsvRow([Infinity])).toThrowError(/non-finite number Infinity/);
  });

  it('round-trips through the tokenizer', () => {
    const cells = ['id "7"', 'comma, inside', 'cr\r\nlf', '', '#', 'plain'];
    const text = `${formatCsvRow(cells)}\n${formatCsvRow([1.5, -2, 3e300])}\n`;
    expect(tokenizeCsv(text).map((r) => r.fields)).toEqual([cells, ['1.5', '-2', '3e+300']]);
  });
});
