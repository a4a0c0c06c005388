/**
 * Feeding a CSV into a record handler from the two places cohorts come from: a file on disk
 * (streamed in chunks, so the text is never held whole) or in-memory content (an HTTP upload).
 */
import { createReadStream } from 'node:fs';
import { CsvTokenizer, type CsvRecordHandler } from './csvTokenizer.js';

export interface CsvSink {
  onRecord: CsvRecordHandler;
  onComment: (text: string, line: number) => void;
  /** Told before any record an upper bound on how many records will come (for pre-allocation). */
  expectAtMostRecords?: (count: number) => void;
}

const READ_CHUNK_BYTES = 1 << 20;

function tokenizerFor(sink: CsvSink, source: string): CsvTokenizer {
  return new CsvTokenizer(sink.onRecord, { source, leadingComments: true, onComment: sink.onComment });
}

/**
 * Streams a UTF-8 file through the tokenizer; the stream is closed if the sink throws.
 * chunkBytes is only changed by tests, to put chunk boundaries everywhere.
 */
export async function feedCsvFile(
  path: string,
  source: string,
  sink: CsvSink,
  chunkBytes = READ_CHUNK_BYTES,
): Promise<void> {
  sink.expectAtMostRecords?.(await countLinesInFile(path));
  const tokenizer = tokenizerFor(sink, source);
  // encoding 'utf8' decodes through a StringDecoder, so characters split across chunks stay whole.
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
  for await (const chunk of stream) tokenizer.push(chunk as string);
  tokenizer.end();
}

/**
 * An upper bound on the records in a file: its line count (LF or bare CR breaks, plus one). Read
 * as raw bytes with a native byte search, it costs a fraction of the parse and lets the parse
 * allocate every column once at full size instead of growing and copying it.
 */
export async function countLinesInFile(path: string): Promise<number> {
  let lf = 0;
  let cr = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lf++;
    for (let i = bytes.indexOf(0x0d); i >= 0; i = bytes.indexOf(0x0d, i + 1)) cr++;
  }
  return Math.max(lf, cr) + 1;
}

/** The same bound for in-memory text. */
export function countLinesInText(text: string): number {
  let lf = 0;
  let cr = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lf++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) cr++;
  return Math.max(lf, cr) + 1;
}

function decodeCsvContent(content: string | Uint8Array): string {
  return typeof content === 'string'
    ? content
    : new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
}

/** Tokenizes in-memory content; bytes are decoded as UTF-8. */
export function feedCsvText(content: string | Uint8Array, source: string, sink: CsvSink): void {
  const text = decodeCsvContent(content);
  sink.expectAtMostRecords?.(countLinesInText(text));
  const tokenizer = tokenizerFor(sink, source);
  tokenizer.push(text);
  tokenizer.end();
}
