/**
 * Parses an outcome table: `patient_id`, `pfs_months` (progression-free survival or follow-up,
 * strictly positive) and `progressed` (1 = progression observed at pfs_months, 0 = censored there).
 * The event flag is exactly 0 or 1: "yes", "2" or "0.5" are refused, never guessed.
 */
import { CohortError, cellValueProblem } from '../cohort/errors.js';
import { idCell, positiveNumberCell } from './cells.js';
import { readCsvRowsFile, readCsvRowsText, rowError, type CsvRow, type CsvRowsHandler } from './csvRows.js';
import type { OutcomeRecord, OutcomeTable } from './lesionTable.js';

const COLUMNS = ['patient_id', 'pfs_months', 'progressed'] as const;

class OutcomeAssembler implements CsvRowsHandler {
  private header: readonly string[] = [];
  private index: Record<(typeof COLUMNS)[number], number> = { patient_id: 0, pfs_months: 0, progressed: 0 };
  private readonly outcomes: OutcomeRecord[] = [];
  private readonly rowOf = new Map<string, { row: number; line: number }>();

  constructor(private readonly file: string) {}

  readonly onHeader = (header: readonly string[], line: number): void => {
    this.header = header;
    const seen = new Set<string>();
    for (const name of header) {
      if (seen.has(name))
        throw new CohortError('column appears twice in the header', { file: this.file, line, column: name });
      seen.add(name);
      if (!(COLUMNS as readonly string[]).includes(name)) {
        throw new CohortError(`unknown column; an outcome table has exactly ${COLUMNS.join(', ')}`, {
          file: this.file,
          line,
          column: name,
        });
      }
    }
    for (const name of COLUMNS) {
      const i = header.indexOf(name);
      if (i < 0)
        throw new CohortError(`required column "${name}" is missing from the header`, {
          file: this.file,
          line,
        });
      this.index[name] = i;
    }
  };

  readonly onRow = (at: CsvRow): void => {
    const fail = (problem: Parameters<typeof rowError>[3], column: number, patient?: string) =>
      rowError(this.file, this.header, at, problem, column, patient);
    const patient = idCell(at.fields[this.index.patient_id], 'patient id');
    if (!patient.ok) throw fail(patient.problem, this.index.patient_id);
    const patientId = patient.value;
    const earlier = this.rowOf.get(patientId);
    if (earlier !== undefined) {
      throw fail(
        `duplicate patient id (already used in row ${earlier.row})`,
        this.index.patient_id,
        patientId,
      );
    }
    this.rowOf.set(patientId, { row: at.row, line: at.line });

    const time = positiveNumberCell(at.fields[this.index.pfs_months], 'survival time', false);
    if (!time.ok) throw fail(time.problem, this.index.pfs_months, patientId);

    const flag = at.fields[this.index.progressed].trim();
    if (flag !== '0' && flag !== '1') {
      throw fail(
        cellValueProblem('event flag', flag, 'must be 1 (progressed) or 0 (censored)'),
        this.index.progressed,
        patientId,
      );
    }
    this.outcomes.push({ patientId, pfsMonths: time.value, progressed: flag === '1' });
  };

  finish(synthetic: boolean): OutcomeTable {
    return { source: this.file, synthetic, outcomes: this.outcomes, rowOf: this.rowOf };
  }
}

export async function parseOutcomeFile(path: string, source = path): Promise<OutcomeTable> {
  const assembler = new OutcomeAssembler(source);
  const { synthetic } = await readCsvRowsFile(path, source, assembler);
  return assembler.finish(synthetic);
}

export function parseOutcomeText(content: string | Uint8Array, source = '<outcomes>'): OutcomeTable {
  const assembler = new OutcomeAssembler(source);
  const { synthetic } = readCsvRowsText(content, source, assembler);
  return assembler.finish(synthetic);
}
