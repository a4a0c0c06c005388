/**
 * Incremental RFC 4180 CSV tokenizer. Text is pushed in chunks of any size (a read stream's
 * chunks, or one whole string) and complete records are handed to a callback as soon as they end,
 * so a file is never held in memory as a whole.
 *
 * Accepted: quoted fields with separators, doubled quotes and line breaks inside; LF, CRLF or bare
 * CR line ends; a leading UTF-8 BOM; `#` comment lines before the first record (when enabled).
 * Rejected (CohortError with the line): a quote inside an unquoted field, text after a closing
 * quote, a quote left open at the end of the input.
 *
 * Only the unfinished field is carried between chunks, so a chunk boundary costs a re-scan of at
 * most one field.
 */
import { CohortError } from './errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const BOM = 0xfeff;

export interface CsvTokenizerOptions {
  /** File name used in syntax errors. */
  source: string;
  /** Lines starting with `#` before the first record are comments, handed to onComment. */
  leadingComments?: boolean;
  onComment?: (text: string, line: number) => void;
  /** Field separator, one character (default `,`); spreadsheet exports also use `;` or a tab. */
  delimiter?: string;
}

/** Receives one record's fields and the 1-based physical line the record starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // CRLF counts once: the CR is counted only when no LF follows.
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

export class CsvTokenizer {
  private pending = '';
  private fields: string[] = [];
  /** Line the next unconsumed character is on. */
  private line = 1;
  private recordLine = 1;
  private started = false;
  private recordsSeen = 0;
  private finished = false;
  private readonly delimiter: string;
  private readonly delimiterCode: number;

  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly options: CsvTokenizerOptions,
  ) {
    this.delimiter = options.delimiter ?? ',';
    this.delimiterCode = this.delimiter.charCodeAt(0);
    if (this.delimiter.length !== 1 || [QUOTE, LF, CR].includes(this.delimiterCode)) {
      throw new TypeError(`CSV delimiter must be one character other than a quote or line break`);
    }
  }

  push(chunk: string): void {
    if (this.finished) throw new Error('CsvTokenizer.push after end');
    this.consume(this.pending.length === 0 ? chunk : this.pending + chunk, false);
  }

  /** Flushes the last record (which need not end with a line break). */
  end(): void {
    if (this.finished) return;
    this.consume(this.pending, true);
    this.finished = true;
  }

  private syntaxError(detail: string, line: number): CohortError {
    return new CohortError(detail, { file: this.options.source, line });
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    const line = this.recordLine;
    this.line++;
    this.recordLine = this.line;
    // An empty line is no record at all.
    if (fields.length === 1 && fields[0].length === 0) return;
    this.recordsSeen++;
    this.onRecord(fields, line);
  }

  private consume(buf: string, final: boolean): void {
    const n = buf.length;
    let pos = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (buf.charCodeAt(0) === BOM) pos = 1;
    }
    // True right after a separator: the input must not end without one more (possibly empty) field.
    let fieldExpected = this.fields.length > 0;
    // Positions of the next quote and CR at or after pos (n when none), kept for the fast path.
    let nextQuote = -1;
    let nextCr = -1;
    const SEPARATOR = this.delimiterCode;

    while (pos < n) {
      const first = buf.charCodeAt(pos);

      // Fast path: a whole record on one line without quotes (nearly every line of a radiomics
      // file) is cut by the engine's native indexOf and split, not character by character.
      if (this.fields.length === 0 && first !== HASH) {
        const lf = buf.indexOf('\n', pos);
        if (lf >= 0 || final) {
          const lineEnd = lf >= 0 ? lf : n;
          if (nextQuote < pos) nextQuote = buf.indexOf('"', pos) >>> 0; // -1 becomes 2^32 - 1, i.e. "none"
          if (nextCr < pos) nextCr = buf.indexOf('\r', pos) >>> 0;
          if (nextQuote > lineEnd && (nextCr >= lineEnd || nextCr === lineEnd - 1)) {
            const contentEnd = nextCr === lineEnd - 1 ? lineEnd - 1 : lineEnd;
            this.fields = buf.slice(pos, contentEnd).split(this.delimiter);
            pos = lineEnd + 1;
            this.emit();
            continue;
          }
        }
      }

      if (
        first === HASH &&
        this.fields.length === 0 &&
        this.recordsSeen === 0 &&
        this.options.leadingComments
      ) {
        let end = pos;
        while (end < n && buf.charCodeAt(end) !== LF && buf.charCodeAt(end) !== CR) end++;
        if (end === n && !final) break;
        const text = buf.slice(pos + 1, end);
        if (end < n && buf.charCodeAt(end) === CR) {
          if (end + 1 === n && !final) break; // cannot tell CR from CRLF yet
          end += buf.charCodeAt(end + 1) === LF ? 2 : 1;
        } else if (end < n) {
          end += 1;
        }
        this.options.onComment?.(text, this.line);
        this.line++;
        this.recordLine = this.line;
        pos = end;
        continue;
      }

      let value: string;
      let next: number; // index of the terminator after the field
      if (first === QUOTE) {
        let parts = '';
        let segment = pos + 1;
        let close = -1;
        for (;;) {
          const q = buf.indexOf('"', segment);
          if (q < 0 || (q + 1 === n && !final)) break; // closing or doubled quote not seen yet
          if (buf.charCodeAt(q + 1) === QUOTE) {
            parts += buf.slice(segment, q + 1);
            segment = q + 2;
            continue;
          }
          parts += buf.slice(segment, q);
          close = q;
          break;
        }
        if (close < 0) {
          if (final) throw this.syntaxError('quoted field is never closed (missing ")', this.line);
          break;
        }
        value = parts;
        next = close + 1;
        if (next < n) {
          const c = buf.charCodeAt(next);
          if (c !== SEPARATOR && c !== LF && c !== CR) {
            throw this.syntaxError(
              `unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")`,
              this.line + countLineBreaks(value),
            );
          }
        }
      } else {
        let i = pos;
        while (i < n) {
          const c = buf.charCodeAt(i);
          if (c === SEPARATOR || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw this.syntaxError(
              'a quote inside an unquoted field (quote the whole field and double the quote)',
              this.line,
            );
          }
          i++;
        }
        if (i === n && !final) break;
        value = buf.slice(pos, i);
        next = i;
      }

      // The field is complete; find out how the record continues.
      if (next === n) {
        if (!final) break;
        this.line += first === QUOTE ? countLineBreaks(value) : 0;
        this.fields.push(value);
        fieldExpected = false;
        pos = n;
        this.emit();
        continue;
      }
      const terminator = buf.charCodeAt(next);
      if (terminator === CR && next + 1 === n && !final) break; // CR or CRLF: decide with the next chunk
      if (first === QUOTE) this.line += countLineBreaks(value);
      this.fields.push(value);
      if (terminator === SEPARATOR) {
        pos = next + 1;
        fieldExpected = true;
      } else {
        pos = terminator === CR && buf.charCodeAt(next + 1) === LF ? next + 2 : next + 1;
        fieldExpected = false;
        this.emit();
      }
    }

    this.pending = pos < n ? buf.slice(pos) : '';
    if (final && fieldExpected && this.pending.length === 0) {
      // Input ended right after a separator: the record's last field is empty.
      this.fields.push('');
      this.emit();
    } else if (final && this.fields.length > 0) {
      this.emit();
    }
  }
}

/** Tokenizes a whole text at once (tests, small uploads). */
export function tokenizeCsv(
  text: string,
  source = '<text>',
  delimiter = ',',
): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer((fields, line) => records.push({ fields, line }), { source, delimiter });
  tokenizer.push(text);
  tokenizer.end();
  return records;
}
