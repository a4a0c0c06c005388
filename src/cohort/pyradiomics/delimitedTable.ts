/**
 * A spreadsheet-born table held in memory (a PyRadiomics batch output, a clinical sheet): decoded
 * (UTF-8, UTF-16 with a BOM, or Windows-1252), split on the separator its header uses (comma, `;`
 * or tab), with a pandas index column dropped. Pure: bytes in, rows out.
 */
import { tokenizeCsv } from '../csvTokenizer.js';
import { CohortError } from '../errors.js';
import {
  type Delimiter,
  type TextEncodingName,
  decodeSpreadsheetBytes,
  detectDelimiter,
  headerLineOf,
  withDecimalPoint,
} from '../spreadsheetText.js';

export interface TableRow {
  /** 1-based data row (the row after the header is 1). */
  row: number;
  /** 1-based physical line in the file. */
  line: number;
  cells: string[];
}

export interface DelimitedTable {
  source: string;
  encoding: TextEncodingName;
  delimiter: Delimiter;
  /** `#` comment lines before the header, without the `#`. */
  comments: string[];
  header: string[];
  rows: TableRow[];
  /** True when an unnamed first column holding 0..n-1 (a pandas index) was dropped. */
  droppedPandasIndex: boolean;
}

/** The trimmed cell as a JS number text: a decimal comma becomes a point in `;` / tab files. */
export function numericText(table: DelimitedTable, cell: string): string {
  const trimmed = cell.trim();
  return table.delimiter === ',' ? trimmed : withDecimalPoint(trimmed);
}

function isPandasIndex(header: string[], rows: TableRow[]): boolean {
  return header[0].trim() === '' && rows.every((r, i) => r.cells[0]?.trim() === String(i));
}

export function readDelimitedTable(bytes: Uint8Array, source: string): DelimitedTable {
  const { text, encoding } = decodeSpreadsheetBytes(bytes);
  const delimiter = detectDelimiter(headerLineOf(text));
  const comments: string[] = [];
  const records: { fields: string[]; line: number }[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  // Leading comments are taken off here, so the tokenizer sees the header first.
  let first = 0;
  while (
    first < lines.length &&
    (lines[first].trim() === '' || lines[first].replace(/^\uFEFF/, '').startsWith('#'))
  ) {
    if (lines[first].trim() !== '') comments.push(lines[first].replace(/^\uFEFF?#/, ''));
    first++;
  }
  for (const record of tokenizeCsv(lines.slice(first).join('\n'), source, delimiter)) {
    records.push({ fields: record.fields, line: record.line + first });
  }
  if (records.length === 0) throw new CohortError('file is empty (no header row)', { file: source });
  const [headerRecord, ...body] = records;
  const header = headerRecord.fields.map((h) => h.trim());
  const rows: TableRow[] = [];
  for (const record of body) {
    if (record.fields.every((f) => f.trim() === '')) continue; // a spreadsheet's trailing separators
    const row = rows.length + 1;
    if (record.fields.length !== header.length) {
      throw new CohortError(
        `row has ${record.fields.length} cells but the header has ${header.length} columns`,
        {
          file: source,
          row,
          line: record.line,
        },
      );
    }
    rows.push({ row, line: record.line, cells: record.fields });
  }
  if (rows.length === 0) throw new CohortError('file has a header but no data rows', { file: source });
  const droppedPandasIndex = isPandasIndex(header, rows);
  if (droppedPandasIndex) {
    header.shift();
    for (const r of rows) r.cells.shift();
  }
  header.forEach((name, i) => {
    if (name === '') {
      throw new CohortError(
        i === 0
          ? 'the first column has no name and is not a pandas index 0..n-1; give it a name'
          : `header column ${i + 1} has no name`,
        { file: source, line: headerRecord.line },
      );
    }
  });
  return { source, encoding, delimiter, comments, header, rows, droppedPandasIndex };
}
