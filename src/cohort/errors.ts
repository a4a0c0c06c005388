/**
 * The one error type every cohort-file problem is reported with. The message always starts with
 * where the problem is (file, data row, physical line, column, patient) so a user can fix the
 * file without reading code; the same facts are kept as fields for programs (HTTP 400 bodies).
 *
 * The message may quote patient data (the patient id, the offending cell) for whoever holds the
 * file; `publicMessage` keeps file, row, line and column but neither, for what is stored or shown to
 * others (training-job records, GET /v1/training-jobs).
 */

export interface CohortErrorLocation {
  /** File name (or upload name) the problem is in. */
  file: string;
  /** 1-based data row (the first row after the header is row 1). */
  row?: number;
  /** 1-based physical line in the file (comment and header lines count). */
  line?: number;
  /** Column name as written in the header. */
  column?: string;
  patientId?: string;
}

export function formatCohortLocation(location: CohortErrorLocation): string {
  const parts = [location.file];
  if (location.row !== undefined && location.line !== undefined) {
    parts.push(`row ${location.row} (line ${location.line})`);
  } else if (location.row !== undefined) {
    parts.push(`row ${location.row}`);
  } else if (location.line !== undefined) {
    parts.push(`line ${location.line}`);
  }
  if (location.patientId !== undefined) parts.push(`patient "${location.patientId}"`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.join(', ');
}

/**
 * A problem's text in two forms: `detail` may quote a cell's value; `publicDetail` never does. A plain
 * string where a ProblemText is accepted declares the text free of patient data.
 */
export interface ProblemText {
  detail: string;
  publicDetail: string;
}

/** A cell whose value is wrong: `what "value" (hint)`, and without the value in the public form. */
export function cellValueProblem(what: string, value: string, hint?: string): ProblemText {
  const tail = hint === undefined ? '' : ` (${hint})`;
  return { detail: `${what} "${value}"${tail}`, publicDetail: `${what}${tail}` };
}

export class CohortError extends Error {
  readonly file: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;
  readonly patientId?: string;
  /** The problem without the location prefix. */
  readonly detail: string;
  /** The message without the patient id or any cell value (file, row, line, column and the problem). */
  readonly publicMessage: string;

  constructor(problem: string | ProblemText, location: CohortErrorLocation) {
    const { detail, publicDetail } =
      typeof problem === 'string' ? { detail: problem, publicDetail: problem } : problem;
    super(`${formatCohortLocation(location)}: ${detail}`);
    this.name = 'CohortError';
    this.detail = detail;
    this.publicMessage = `${formatCohortLocation({ ...location, patientId: undefined })}: ${publicDetail}`;
    this.file = location.file;
    this.row = location.row;
    this.line = location.line;
    this.column = location.column;
    this.patientId = location.patientId;
  }
}
