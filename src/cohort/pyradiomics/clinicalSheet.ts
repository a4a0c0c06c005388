/**
 * The clinical spreadsheet as cohort columns: its columns found by alias (or the map file), each
 * cell mapped to what the cohort format reads (`HER2-low` → low, `IHC 2+/FISH-` → low by ASCO/CAP,
 * `Positive (70%)` → 70%, `12,5` → 12.5). Every problem names file, row, column and patient.
 */
import type { Her2Status } from '../cohort.js';
import { receptorStatusFromCell } from '../clinical.js';
import { CohortError, type CohortErrorLocation, cellValueProblem } from '../errors.js';
import { type FishResult, type IhcScore, her2StatusFromIhc } from '../her2Label.js';
import { parseNumericCell } from '../numericCell.js';
import {
  COHORT_CLINICAL_COLUMNS,
  COLUMN_ALIASES,
  type CohortClinicalColumn,
  fishFromCell,
  her2FromCell,
  ihcFromCell,
  normalizeHeader,
  normalizeValue,
  receptorCell,
} from './clinicalAliases.js';
import type { ClinicalMap } from './clinicalMap.js';
import { type DelimitedTable, numericText } from './delimitedTable.js';
import { IdIndex } from './patientIds.js';

/** Cohort columns written from the sheet, in this order when present. */
export const CLINICAL_OUTPUT_COLUMNS = COHORT_CLINICAL_COLUMNS.filter(
  (c): c is Exclude<CohortClinicalColumn, 'patient_id' | 'ihc' | 'fish'> =>
    c !== 'patient_id' && c !== 'ihc' && c !== 'fish',
);
type OutputColumn = (typeof CLINICAL_OUTPUT_COLUMNS)[number];

export interface ClinicalSheet {
  source: string;
  ids: IdIndex;
  /** Output columns present, in CLINICAL_OUTPUT_COLUMNS order. */
  columns: OutputColumn[];
  /** Per patient id: cohort cell texts by column. */
  cells: Map<string, Partial<Record<OutputColumn, string>>>;
  /** Sheet columns nothing claimed (ignored; the CLI lists them). */
  ignoredColumns: string[];
}

function columnTargets(
  table: DelimitedTable,
  map: ClinicalMap,
): { byTarget: Map<CohortClinicalColumn, number>; ignored: string[] } {
  const byTarget = new Map<CohortClinicalColumn, number>();
  const ignored: string[] = [];
  table.header.forEach((name, c) => {
    const key = normalizeHeader(name);
    const mapped = map.columns.get(key);
    const target =
      mapped ??
      (Object.entries(COLUMN_ALIASES).find(([, aliases]) => aliases.includes(key))?.[0] as
        CohortClinicalColumn | undefined);
    if (target === undefined || target === 'ignore') {
      if (target === undefined) ignored.push(name);
      return;
    }
    const previous = byTarget.get(target);
    if (previous !== undefined) {
      throw new CohortError(
        `columns "${table.header[previous]}" and "${name}" both mean ${target}; map one of them to ignore in the map file`,
        { file: table.source, line: 1, column: name },
      );
    }
    byTarget.set(target, c);
  });
  return { byTarget, ignored };
}

function requireColumns(
  table: DelimitedTable,
  byTarget: Map<CohortClinicalColumn, number>,
  ignored: string[],
): void {
  const missing: string[] = [];
  for (const required of ['patient_id', 'site', 'er', 'pr'] as const) {
    if (!byTarget.has(required)) missing.push(required);
  }
  if (!byTarget.has('her2_status') && !byTarget.has('ihc')) missing.push('her2_status');
  if (missing.length === 0) return;
  const described = missing.map(
    (m) =>
      `${m} (e.g. ${COLUMN_ALIASES[m as CohortClinicalColumn]
        .slice(1, 4)
        .map((a) => `"${a}"`)
        .join(', ')})`,
  );
  const labelLike = missing.includes('her2_status')
    ? ignored.find((n) => /her2|label|status|class/i.test(n))
    : undefined;
  throw new CohortError(
    `no column for ${described.join(', ')}` +
      (labelLike !== undefined
        ? `; found column "${labelLike}": map it in the map file (columns: "${labelLike}": her2_status)`
        : '') +
      '; a map file (--map) can name other columns',
    { file: table.source, line: 1, column: missing[0] },
  );
}

export function readClinicalSheet(table: DelimitedTable, map: ClinicalMap): ClinicalSheet {
  const { byTarget, ignored } = columnTargets(table, map);
  requireColumns(table, byTarget, ignored);
  const ids = new IdIndex();
  const cells = new Map<string, Partial<Record<OutputColumn, string>>>();
  const idColumn = byTarget.get('patient_id') as number;
  for (const { row, line, cells: raw } of table.rows) {
    const id = ids.add(raw[idColumn], { file: table.source, row, line, column: table.header[idColumn] });
    const at = (target: CohortClinicalColumn): CohortErrorLocation => ({
      file: table.source,
      row,
      line,
      column: table.header[byTarget.get(target) as number],
      patientId: id,
    });
    const cell = (target: CohortClinicalColumn): string | undefined => {
      const c = byTarget.get(target);
      if (c === undefined) return undefined;
      const text = raw[c].trim();
      return map.values.get(target)?.get(normalizeValue(text)) ?? text;
    };
    const out: Partial<Record<OutputColumn, string>> = {};
    const site = cell('site') as string;
    if (site === '') throw new CohortError('site is empty', at('site'));
    out.site = site;
    out.her2_status = her2Status(cell, at);
    for (const receptor of ['er', 'pr'] as const) {
      const mapped = receptorCell(cell(receptor) as string);
      if ('problem' in mapped) throw new CohortError(mapped.problem, at(receptor));
      if (receptorStatusFromCell(mapped.text) === undefined) {
        throw new CohortError(
          cellValueProblem(
            `cannot read ${receptor.toUpperCase()}`,
            cell(receptor) as string,
            'expected e.g. positive, negative, 35%, Positive (70%)',
          ),
          at(receptor),
        );
      }
      out[receptor] = mapped.text;
    }
    for (const numeric of ['ki67', 'age', 'suv_max', 'suv_mean'] as const) {
      const text = cell(numeric);
      if (text === undefined) continue;
      const plain = numericText(table, text.replace(/%$/, ''));
      if (parseNumericCell(plain) === undefined)
        throw new CohortError(cellValueProblem('not a number', text), at(numeric));
      out[numeric] = plain;
    }
    const set = cell('set');
    if (set !== undefined) out.set = set.toLowerCase();
    cells.set(id, out);
  }
  return {
    source: table.source,
    ids,
    columns: CLINICAL_OUTPUT_COLUMNS.filter((c) => c === 'her2_status' || byTarget.has(c)),
    cells,
    ignoredColumns: ignored,
  };
}

/** The HER2 status from the HER2 column and/or the IHC and FISH columns, by ASCO/CAP 2018. */
function her2Status(
  cell: (target: CohortClinicalColumn) => string | undefined,
  at: (target: CohortClinicalColumn) => CohortErrorLocation,
): Her2Status {
  const her2Text = cell('her2_status');
  const her2 = her2Text === undefined || her2Text === '' ? undefined : her2FromCell(her2Text);
  if (her2Text !== undefined && her2Text !== '' && her2 === undefined) {
    throw new CohortError(
      cellValueProblem(
        'HER2 value not understood',
        her2Text,
        'expected e.g. HER2-low, HER2-positive, HER2-0, IHC 2+/FISH-; a map file can add values',
      ),
      at('her2_status'),
    );
  }
  const ihcText = cell('ihc');
  const ihcColumn = ihcText === undefined ? null : ihcFromCell(ihcText);
  if (ihcColumn === undefined)
    throw new CohortError(
      cellValueProblem('IHC score not understood', ihcText as string, 'expected 0, 1+, 2+ or 3+'),
      at('ihc'),
    );
  const fishText = cell('fish');
  const fishColumn = fishText === undefined ? null : fishFromCell(fishText);
  if (fishColumn === undefined) {
    throw new CohortError(
      cellValueProblem(
        'FISH result not understood',
        fishText as string,
        'expected positive/FISH+/amplified, negative/FISH-/not amplified or empty',
      ),
      at('fish'),
    );
  }
  const stated = her2 !== undefined && 'status' in her2 ? her2.status : undefined;
  const ihc: IhcScore | null = her2 !== undefined && 'ihc' in her2 ? her2.ihc : ihcColumn;
  const fish: FishResult = her2 !== undefined && 'ihc' in her2 && her2.fish !== null ? her2.fish : fishColumn;
  const labelColumn = her2Text !== undefined ? 'her2_status' : 'ihc';
  if (ihc === null) {
    if (stated !== undefined) return stated;
    throw new CohortError('no HER2 status: the HER2 (or IHC) cell is empty', at(labelColumn));
  }
  const derived = her2StatusFromIhc(ihc, fish);
  if ('problem' in derived) {
    if (stated !== undefined) return stated;
    throw new CohortError(derived.problem.replace('her2_status', 'a HER2 status'), at(labelColumn));
  }
  if (stated !== undefined && stated !== derived.status) {
    throw new CohortError(
      `HER2 status "${stated}" contradicts IHC ${ihc}${fish ? ` with FISH ${fish}` : ''} (which means "${derived.status}")`,
      at('her2_status'),
    );
  }
  return derived.status;
}
