/**
 * Parses a lesion table (see lesionTable.ts for the columns), streaming it, with the cohort's
 * error guarantees: the first problem stops the parse with a CohortError naming file, row, line,
 * column and patient. A cell may be empty at a threshold where the lesion was not delineated, but
 * a threshold column with no value at all is refused (it would silently yield no marker).
 */
import { CohortError, cellValueProblem } from '../cohort/errors.js';
import { positiveNumberCell, idCell } from './cells.js';
import { readCsvRowsFile, readCsvRowsText, rowError, type CsvRow, type CsvRowsHandler } from './csvRows.js';
import {
  THRESHOLDS,
  mtvColumn,
  suvMeanColumn,
  type Lesion,
  type LesionTable,
  type Threshold,
} from './lesionTable.js';

interface LesionLayout {
  patientId: number;
  lesionId: number;
  site: number | null;
  suvMax: number;
  thresholds: { t: Threshold; suvMean: number; mtv: number }[];
}

const REQUIRED = ['patient_id', 'lesion_id', 'suv_max'] as const;

function lesionLayout(header: readonly string[], file: string, line: number): LesionLayout {
  const where = (column?: string) => ({ file, line, column });
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) throw new CohortError('column appears twice in the header', where(name));
    index.set(name, i);
  });
  for (const name of REQUIRED) {
    if (!index.has(name))
      throw new CohortError(`required column "${name}" is missing from the header`, where());
  }
  const known = new Set<string>([...REQUIRED, 'site']);
  const thresholds: LesionLayout['thresholds'] = [];
  for (const t of THRESHOLDS) {
    const suvMean = index.get(suvMeanColumn(t));
    const mtv = index.get(mtvColumn(t));
    known.add(suvMeanColumn(t)).add(mtvColumn(t));
    if (suvMean === undefined && mtv === undefined) continue;
    if (suvMean === undefined || mtv === undefined) {
      const [present, absent] =
        suvMean === undefined ? [mtvColumn(t), suvMeanColumn(t)] : [suvMeanColumn(t), mtvColumn(t)];
      throw new CohortError(`threshold ${t} has column "${present}" but not "${absent}"`, where(present));
    }
    thresholds.push({ t, suvMean, mtv });
  }
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new CohortError(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; ` +
        `a lesion table has patient_id, lesion_id, site, suv_max and suv_mean_<t>, mtv_<t> for t in ${THRESHOLDS.join(', ')}`,
      where(unknown[0]),
    );
  }
  if (thresholds.length === 0) {
    throw new CohortError(
      `no threshold columns: expected suv_mean_<t> and mtv_<t> for at least one t in ${THRESHOLDS.join(', ')}`,
      where(),
    );
  }
  return {
    patientId: index.get('patient_id')!,
    lesionId: index.get('lesion_id')!,
    site: index.get('site') ?? null,
    suvMax: index.get('suv_max')!,
    thresholds,
  };
}

class LesionAssembler implements CsvRowsHandler {
  private layout: LesionLayout | null = null;
  private header: readonly string[] = [];
  private readonly lesions: Lesion[] = [];
  private readonly seen = new Map<string, number>();
  private readonly firstRowOf = new Map<string, { row: number; line: number }>();
  /** Per threshold of the layout: how many lesions have a value. */
  private valueCounts: number[] = [];

  constructor(private readonly file: string) {}

  readonly onHeader = (header: readonly string[], line: number): void => {
    this.layout = lesionLayout(header, this.file, line);
    this.header = header;
    this.valueCounts = this.layout.thresholds.map(() => 0);
  };

  readonly onRow = (at: CsvRow): void => {
    const layout = this.layout!;
    const fail = (problem: Parameters<typeof rowError>[3], column: number, patient?: string) =>
      rowError(this.file, this.header, at, problem, column, patient);
    const patient = idCell(at.fields[layout.patientId], 'patient id');
    if (!patient.ok) throw fail(patient.problem, layout.patientId);
    const patientId = patient.value;
    const lesion = idCell(at.fields[layout.lesionId], 'lesion id');
    if (!lesion.ok) throw fail(lesion.problem, layout.lesionId, patientId);
    const key = JSON.stringify([patientId, lesion.value]);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      throw fail(
        cellValueProblem(
          'duplicate lesion id',
          lesion.value,
          `already used for this patient in row ${earlier}`,
        ),
        layout.lesionId,
        patientId,
      );
    }
    this.seen.set(key, at.row);
    if (!this.firstRowOf.has(patientId)) this.firstRowOf.set(patientId, { row: at.row, line: at.line });

    const suvMax = positiveNumberCell(at.fields[layout.suvMax], 'SUVmax', false);
    if (!suvMax.ok) throw fail(suvMax.problem, layout.suvMax, patientId);

    const measures: Lesion['measures'] = {};
    layout.thresholds.forEach(({ t, suvMean: meanAt, mtv: mtvAt }, k) => {
      const suvMean = positiveNumberCell(at.fields[meanAt], 'SUVmean', true);
      if (!suvMean.ok) throw fail(suvMean.problem, meanAt, patientId);
      const mtv = positiveNumberCell(at.fields[mtvAt], 'MTV', true);
      if (!mtv.ok) throw fail(mtv.problem, mtvAt, patientId);
      if (Number.isNaN(suvMean.value) !== Number.isNaN(mtv.value)) {
        const [missingAt, other] = Number.isNaN(suvMean.value) ? [meanAt, mtvAt] : [mtvAt, meanAt];
        throw fail(
          `value is missing while "${this.header[other]}" has one (a lesion is delineated at a threshold or not)`,
          missingAt,
          patientId,
        );
      }
      if (Number.isNaN(suvMean.value)) return;
      if (suvMean.value > suvMax.value) {
        throw fail(
          cellValueProblem(
            'SUVmean above SUVmax',
            at.fields[meanAt].trim(),
            `suv_max is ${at.fields[layout.suvMax].trim()}; the mean inside a contour cannot exceed its maximum`,
          ),
          meanAt,
          patientId,
        );
      }
      this.valueCounts[k]++;
      measures[t] = { suvMean: suvMean.value, mtv: mtv.value };
    });

    const siteText = layout.site === null ? '' : at.fields[layout.site].trim();
    this.lesions.push({
      patientId,
      lesionId: lesion.value,
      site: siteText.length === 0 ? null : siteText,
      suvMax: suvMax.value,
      measures,
    });
  };

  finish(synthetic: boolean): LesionTable {
    const layout = this.layout!;
    layout.thresholds.forEach(({ suvMean }, k) => {
      if (this.valueCounts[k] === 0) {
        throw new CohortError('threshold column has no values in any row', {
          file: this.file,
          column: this.header[suvMean],
        });
      }
    });
    return {
      source: this.file,
      synthetic,
      thresholds: layout.thresholds.map((x) => x.t),
      lesions: this.lesions,
      firstRowOf: this.firstRowOf,
    };
  }
}

export async function parseLesionFile(path: string, source = path): Promise<LesionTable> {
  const assembler = new LesionAssembler(source);
  const { synthetic } = await readCsvRowsFile(path, source, assembler);
  return assembler.finish(synthetic);
}

export function parseLesionText(content: string | Uint8Array, source = '<lesions>'): LesionTable {
  const assembler = new LesionAssembler(source);
  const { synthetic } = readCsvRowsText(content, source, assembler);
  return assembler.finish(synthetic);
}
