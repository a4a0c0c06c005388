import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  countLinesInFile,
  countLinesInText,
  feedCsvFile,
  feedCsvText,
  type CsvSink,
} from '../../src/cohort/csvSource.js';

function collector(): CsvSink & { records: [string[], number][]; comments: string[] } {
  const records: [string[], number][] = [];
  const comments: string[] = [];
  return { records, comments, onRecord: (f, l) => records.push([f, l]), onComment: (t) => comments.push(t) };
}

describe('feedCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = '\uFEFF# synthétique\r\nid,"sité, ü"\r\n1,"é\r\nß"\r\n2,€\r\n';

  it.each([1, 2, 3, 5, 7, 1 << 20])(
    'gives the text parse result with %i-byte read chunks (multi-byte UTF-8 split)',
    async (chunkBytes) => {
      const path = join(dir, 'utf8.csv');
      writeFileSync(path, text, 'utf8');
      const fromFile = collector();
      await feedCsvFile(path, 'utf8.csv', fromFile, chunkBytes);
      const fromText = collector();
      feedCsvText(Buffer.from(text, 'utf8'), 'utf8.csv', fromText);
      expect(fromFile.records).toEqual(fromText.records);
      expect(fromFile.comments).toEqual([' synthétique']);
      expect(fromText.records).toEqual([
        [['id', 'sité, ü'], 2],
        [['1', 'é\r\nß'], 3],
        [['2', '€'], 5],
      ]);
    },
  );

  it('bounds the record count by the line count (LF, CRLF or bare CR), in files and text alike', async () => {
    const path = join(dir, 'lines.csv');
    for (const [content, lines] of [
      ['a\nb\nc\n', 4],
      ['a\r\nb\r\nc', 3],
      ['a\rb\rc\r', 4],
      ['', 1],
    ] as const) {
      writeFileSync(path, content);
      expect(await countLinesInFile(path)).toBe(lines);
      expect(countLinesInText(content)).toBe(lines);
    }
  });
});
