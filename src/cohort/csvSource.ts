/**
 * Feeding a CSV into a record handler from the two places cohorts come from: a file on disk
 * (streamed in chunks, so the text is never held whole) or in-memory content (an HTTP upload).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { TextDecoder } from 'node:util';
import { CsvTokenizer, type CsvRecordHandler } from './csvTokenizer.js';
import { CohortError } from './errors.js';
import { encodingFromBom, firstInvalidUtf8, textDecoderFor } from './spreadsheetText.js';

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
  // A streaming TextDecoder keeps characters split across chunks whole; it is fatal, so bytes that
  // are not in the file's encoding stop the parse instead of becoming U+FFFD (mojibake).
  let decoder: TextDecoder | undefined;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
      const bytes = chunk as Buffer;
      decoder ??= textDecoderFor(encodingFromBom(bytes)?.encoding ?? 'UTF-8', true);
      tokenizer.push(decoder.decode(bytes, { stream: true }));
    }
    if (decoder) tokenizer.push(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && error.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw notUtf8Error(await readFile(path), source);
    }
    throw error;
  }
  tokenizer.end();
}

/** Bytes that are not UTF-8: named with the line and byte, and what they probably are. */
function notUtf8Error(bytes: Uint8Array, source: string): CohortError {
  const at = firstInvalidUtf8(bytes);
  const bom = encodingFromBom(bytes);
  if (bom !== undefined && bom.encoding !== 'UTF-8') {
    return new CohortError(
      `is not valid ${bom.encoding} text although it starts with a ${bom.encoding} byte-order mark`,
      { file: source },
    );
  }
  const byte = at === undefined ? '' : ` (byte 0x${at.byte.toString(16).toUpperCase().padStart(2, '0')})`;
  return new CohortError(
    `is not UTF-8${byte}: it looks like Windows-1252, what a spreadsheet saves as "CSV" on Windows; ` +
      'save it as "CSV UTF-8", or build it with `her2 cohort build`, which decodes Windows-1252',
    { file: source, line: at?.line },
  );
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

/** Bytes as UTF-8, or UTF-16 when a BOM says so; anything else is refused naming what it looks like. */
function decodeCsvContent(content: string | Uint8Array, source: string): string {
  if (typeof content === 'string') return content;
  const encoding = encodingFromBom(content)?.encoding ?? 'UTF-8';
  try {
    return textDecoderFor(encoding, true).decode(content);
  } catch {
    throw notUtf8Error(content, source);
  }
}

/** Tokenizes in-memory content; bytes are decoded as UTF-8 (or UTF-16 with a BOM). */
export function feedCsvText(content: string | Uint8Array, source: string, sink: CsvSink): void {
  const text = decodeCsvContent(content, source);
  sink.expectAtMostRecords?.(countLinesInText(text));
  const tokenizer = tokenizerFor(sink, source);
  tokenizer.push(text);
  tokenizer.end();
}
