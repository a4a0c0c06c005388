/**
 * Files that passed through a spreadsheet: their encoding and their field separator. Excel on a
 * European Windows machine saves "CSV" as Windows-1252 with `;` between fields and decimal commas,
 * or as "Unicode text": UTF-16 with a BOM and tabs. Nothing here guesses silently: the encoding and
 * delimiter found are returned so a caller can say what it did, or named in the refusal.
 */
import { TextDecoder } from 'node:util';
import { CohortError } from './errors.js';

export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** The encoding a byte-order mark declares, with the mark's length; undefined without a mark. */
export function encodingFromBom(
  bytes: Uint8Array,
): { encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE'; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'UTF-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'UTF-16LE', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'UTF-16BE', length: 2 };
  return undefined;
}

const DECODER_LABEL: Record<Exclude<TextEncodingName, 'Windows-1252'>, string> = {
  'UTF-8': 'utf-8',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

/** A streaming decoder for a BOM-declared encoding (the BOM, when present, is dropped). */
export function textDecoderFor(
  encoding: Exclude<TextEncodingName, 'Windows-1252'>,
  fatal: boolean,
): TextDecoder {
  return new TextDecoder(DECODER_LABEL[encoding], { fatal, ignoreBOM: false });
}

/** 1-based line and the offending byte of the first byte sequence that is not UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return { line, byte: b };
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { line, byte: b };
    }
    i += length;
  }
  return undefined;
}

/**
 * Bytes to text: a BOM decides (UTF-8, UTF-16LE, UTF-16BE); without one the bytes must be UTF-8, and
 * bytes that are not are read as Windows-1252 (what a spreadsheet saves as "CSV" on Windows), every
 * one of whose bytes is a character, so é stays é. The encoding used is returned for the caller to report.
 */
export function decodeSpreadsheetBytes(bytes: Uint8Array): DecodedText {
  const bom = encodingFromBom(bytes);
  if (bom !== undefined)
    return { text: textDecoderFor(bom.encoding, true).decode(bytes), encoding: bom.encoding };
  if (firstInvalidUtf8(bytes) === undefined)
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };
  return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
}

// Bytes 0x80-0x9F of Windows-1252 (€, ‚, ƒ, „, …); the five it leaves undefined stay C1 controls. Written
// out because Node's TextDecoder('windows-1252') decodes as ISO-8859-1, turning € into U+0080.
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Windows-1252: ISO-8859-1 except 0x80-0x9F. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (b) =>
      b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b,
    );
    text += String.fromCharCode(...codes);
  }
  return text;
}

export type Delimiter = ',' | ';' | '\t';

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon ";"', '\t': 'tab' };

export function delimiterName(delimiter: Delimiter): string {
  return DELIMITER_NAMES[delimiter];
}

/** Counts of each candidate separator outside quotes in one line. */
function separatorCounts(line: string): Record<Delimiter, number> {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  return counts;
}

/**
 * The header line's separator: the candidate that occurs most often outside quotes (a header has
 * no decimal commas, so a `;` file's header shows `;` only). Comma when the header has none.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = separatorCounts(headerLine);
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/** The first line that is not a `#` comment or empty: the header. */
export function headerLineOf(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(/^\uFEFF/, '');
    if (trimmed.trim().length > 0 && !trimmed.startsWith('#')) return trimmed;
  }
  return '';
}

/** `1,5`, `-0,25`, `1,5e-3`: a number written with a decimal comma (no thousands separators). */
const DECIMAL_COMMA = /^\s*[-+]?\d+,\d+(?:[eE][-+]?\d+)?\s*$/;

/** The cell with its decimal comma made a point, for files whose separator is not a comma. */
export function withDecimalPoint(cell: string): string {
  return DECIMAL_COMMA.test(cell) ? cell.replace(',', '.') : cell;
}

/**
 * For readers that take commas only (the cohort format): a header of one column that holds `;` or
 * tabs is a spreadsheet export with another separator; refuse it naming the separator found.
 */
export function assertCommaSeparatedHeader(header: string[], file: string, line?: number): void {
  if (header.length !== 1) return;
  const found = detectDelimiter(header[0]);
  if (found === ',') return;
  throw new CohortError(
    `the header is separated by ${delimiterName(found)}, not commas (a spreadsheet export, often with ` +
      'decimal commas); save the file as comma-separated CSV with decimal points, or build it with `her2 cohort build`, ' +
      'which reads such files',
    { file, line },
  );
}
