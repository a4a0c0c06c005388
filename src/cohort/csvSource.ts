/**
 * Feeding a CSV into a record handler from the two places cohorts come from: a file on disk
 * (streamed in chunks, so the text is never held whole) or in-memory content (an HTTP upload).
 */
import { createReadStream } from 'node:fs';
import { CsvTokenizer, type CsvRecordHandler } from './csvTokenizer.js';

export interface CsvSink {
  onRecord: CsvRecordHandler;
  onComment: (text: string, line: number) => void;
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
  const tokenizer = tokenizerFor(sink, source);
  // encoding 'utf8' decodes through a StringDecoder, so characters split across chunks stay whole.
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
  for await (const chunk of stream) tokenizer.push(chunk as string);
  tokenizer.end();
}

/** Tokenizes in-memory content; bytes are decoded as UTF-8. */
export function feedCsvText(content: string | Uint8Array, source: string, sink: CsvSink): void {
  const text =
    typeof content === 'string' ? content : new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
  const tokenizer = tokenizerFor(sink, source);
  tokenizer.push(text);
  tokenizer.end();
}
