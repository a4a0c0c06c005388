/**
 * Reading a small prognosis table (lesions or outcomes) row by row through the cohort CSV
 * tokenizer, with the cohort's guarantees: `#` comment lines before the header (one saying
 * "synthetic" marks the data synthetic), bare-separator rows skipped, a row of the wrong width
 * refused, and every problem a CohortError naming file, row, line and column.
 */
import { feedCsvFile, feedCsvText, type CsvSink } from '../cohort/csvSource.js';
import { CohortError, type CohortErrorLocation, type ProblemText } from '../cohort/errors.js';

const SYNTHETIC_WORD = /\bsynthetic\b/i;

/** One data row: its cells by header index and where it is, for errors. */
export interface CsvRow {
  fields: readonly string[];
  /** 1-based data row (the first row after the header is row 1). */
  row: number;
  /** 1-based physical line. */
  line: number;
}

export interface CsvRowsHandler {
  /** Called with the header's trimmed names; throws a CohortError if the columns are wrong. */
  onHeader: (header: readonly string[], line: number) => void;
  onRow: (row: CsvRow) => void;
}

export interface CsvRowsResult {
  header: readonly string[];
  synthetic: boolean;
  rows: number;
}

class RowSink implements CsvSink {
  header: string[] | null = null;
  synthetic = false;
  rows = 0;

  constructor(
    private readonly source: string,
    private readonly handler: CsvRowsHandler,
  ) {}

  readonly onComment = (text: string): void => {
    if (SYNTHETIC_WORD.test(text)) this.synthetic = true;
  };

  readonly onRecord = (fields: string[], line: number): void => {
    if (this.header === null) {
      this.header = fields.map((f) => f.trim());
      this.handler.onHeader(this.header, line);
      return;
    }
    // Spreadsheet exports end with rows of bare separators; they hold nothing.
    if (fields.every((f) => f.trim().length === 0)) return;
    const row = ++this.rows;
    if (fields.length !== this.header.length) {
      throw new CohortError(
        `row has ${fields.length} cells but the header has ${this.header.length} columns`,
        {
          file: this.source,
          row,
          line,
        },
      );
    }
    this.handler.onRow({ fields, row, line });
  };

  finish(): CsvRowsResult {
    if (this.header === null) throw new CohortError('the file has no header row', { file: this.source });
    if (this.rows === 0)
      throw new CohortError('the file has a header but no data rows', { file: this.source });
    return { header: this.header, synthetic: this.synthetic, rows: this.rows };
  }
}

export async function readCsvRowsFile(
  path: string,
  source: string,
  handler: CsvRowsHandler,
): Promise<CsvRowsResult> {
  const sink = new RowSink(source, handler);
  await feedCsvFile(path, source, sink);
  return sink.finish();
}

export function readCsvRowsText(
  content: string | Uint8Array,
  source: string,
  handler: CsvRowsHandler,
): CsvRowsResult {
  const sink = new RowSink(source, handler);
  feedCsvText(content, source, sink);
  return sink.finish();
}

/** Builds errors located at one row of one file. */
export function rowError(
  file: string,
  header: readonly string[],
  at: CsvRow,
  problem: string | ProblemText,
  column?: number,
  patientId?: string,
): CohortError {
  const location: CohortErrorLocation = {
    file,
    row: at.row,
    line: at.line,
    column: column === undefined ? undefined : header[column],
    patientId,
  };
  return new CohortError(problem, location);
}
