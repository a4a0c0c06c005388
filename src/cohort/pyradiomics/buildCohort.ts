/**
 * `her2 cohort build`, pure: PyRadiomics batch outputs (one per modality, plus the second reader's
 * and the repeat pass's) and a clinical sheet in, the cohort CSV and the inter / intra repeat CSVs
 * out, as text. Patients are joined by id; each modality's features get its prefix (pet_, ct_, …);
 * the extraction settings are checked and written into the cohort's header comments. Nothing is
 * returned unless every file is consistent, so a caller writes all outputs or none.
 */
import { formatCsvRow } from '../csvWriter.js';
import { CohortError } from '../errors.js';
import { type ExtractionProvenance, formatExtractionComment } from '../extractionHeader.js';
import { type BatchOutput, readBatchOutput } from './batchOutput.js';
import type { ClinicalMap } from './clinicalMap.js';
import { readClinicalSheet } from './clinicalSheet.js';
import type { DelimitedTable } from './delimitedTable.js';
import { checkExtractionConsistency } from './extractionConsistency.js';
import { requireIdsIn } from './patientIds.js';

export type RepeatKind = 'inter' | 'intra';

export interface ModalityTables {
  /** The feature prefix without its underscore: pet, ct, mri, dwi, dce. */
  modality: string;
  first: DelimitedTable;
  inter?: DelimitedTable;
  intra?: DelimitedTable;
}

export interface CohortBuildInput {
  modalities: ModalityTables[];
  clinical: DelimitedTable;
  map: ClinicalMap;
  allowMixedSettings: boolean;
}

export interface CohortBuildOutput {
  cohortCsv: string;
  repeats: Partial<Record<RepeatKind, string>>;
  patients: number;
  features: number;
  extraction: ExtractionProvenance;
  /** What was done that the user should know (encodings, dropped index columns, ignored columns). */
  notes: string[];
  /** Mixed extraction settings allowed by the flag. */
  warnings: string[];
}

interface ModalityBatches {
  modality: string;
  first: BatchOutput;
  repeats: Partial<Record<RepeatKind, BatchOutput>>;
}

/** The repeat file must have the first reader's feature columns, no more and no fewer. */
function requireSameFeatures(first: BatchOutput, repeat: BatchOutput): void {
  const expected = new Set(first.featureNames);
  const present = new Set(repeat.featureNames);
  const missing = first.featureNames.find((f) => !present.has(f));
  if (missing !== undefined) {
    throw new CohortError(`feature column of ${first.source} is missing`, {
      file: repeat.source,
      column: missing,
    });
  }
  const extra = repeat.featureNames.find((f) => !expected.has(f));
  if (extra !== undefined)
    throw new CohortError(`feature column is not in ${first.source}`, { file: repeat.source, column: extra });
}

function tableNotes(table: DelimitedTable): string[] {
  const notes: string[] = [];
  if (table.encoding !== 'UTF-8') notes.push(`${table.source}: read as ${table.encoding}`);
  if (table.delimiter !== ',') {
    notes.push(
      `${table.source}: fields separated by ${table.delimiter === ';' ? 'semicolons' : 'tabs'}, decimal commas read as points`,
    );
  }
  if (table.droppedPandasIndex)
    notes.push(`${table.source}: unnamed first column 0..n-1 (a pandas index) dropped`);
  return notes;
}

/** The column of `batch` for the patients in `order`. */
function valuesInOrder(batch: BatchOutput, j: number, order: readonly string[]): number[] {
  const index = new Map(batch.patientIds.map((id, i) => [id, i]));
  return order.map((id) => batch.values[j][index.get(id) as number]);
}

function featureBlock(batches: { modality: string; batch: BatchOutput }[], order: readonly string[]) {
  const header = batches.flatMap(({ modality, batch }) => batch.featureNames.map((f) => `${modality}_${f}`));
  const columns = batches.flatMap(({ batch }) =>
    batch.featureNames.map((_, j) => valuesInOrder(batch, j, order)),
  );
  return { header, columns };
}

export function buildCohort(input: CohortBuildInput): CohortBuildOutput {
  if (input.modalities.length === 0) throw new TypeError('buildCohort: at least one modality');
  const groups: ModalityBatches[] = input.modalities.map((m) => ({
    modality: m.modality,
    first: readBatchOutput(m.first),
    repeats: {
      ...(m.inter && { inter: readBatchOutput(m.inter) }),
      ...(m.intra && { intra: readBatchOutput(m.intra) }),
    },
  }));
  const clinical = readClinicalSheet(input.clinical, input.map);

  // The first modality's patients are the cohort; every other file must have exactly them.
  const reference = groups[0].first;
  for (const group of groups) {
    for (const batch of [group.first, ...Object.values(group.repeats)]) {
      if (batch === reference) continue;
      requireIdsIn(batch.ids, reference.ids, reference.source);
      requireIdsIn(reference.ids, batch.ids, batch.source);
    }
    for (const repeat of Object.values(group.repeats)) requireSameFeatures(group.first, repeat);
  }
  requireIdsIn(reference.ids, clinical.ids, `the clinical sheet (${clinical.source})`);

  const { extraction, warnings } = checkExtractionConsistency(
    groups.map((g) => ({ modality: g.modality, files: [g.first, ...Object.values(g.repeats)] })),
    input.allowMixedSettings,
  );

  const order = reference.patientIds;
  const allTables = [input.clinical, ...input.modalities.flatMap((m) => [m.first, m.inter, m.intra])].filter(
    (t): t is DelimitedTable => t !== undefined,
  );
  const synthetic = allTables.some((t) => t.comments.some((c) => /\bsynthetic\b/i.test(c)));
  const comments = [
    `# built by her2 cohort build from ${allTables.map((t) => t.source.split(/[\\/]/).pop()).join(', ')}`,
    ...(synthetic ? ['# SYNTHETIC: an input file is marked synthetic; not clinical evidence'] : []),
    formatExtractionComment(extraction),
  ];

  const features = featureBlock(
    groups.map((g) => ({ modality: g.modality, batch: g.first })),
    order,
  );
  const lines = [...comments, formatCsvRow(['patient_id', ...clinical.columns, ...features.header])];
  order.forEach((id, i) => {
    const cells = clinical.cells.get(id)!;
    lines.push(
      formatCsvRow([
        id,
        ...clinical.columns.map((c) => cells[c] ?? ''),
        ...features.columns.map((col) => col[i]),
      ]),
    );
  });

  const repeats: Partial<Record<RepeatKind, string>> = {};
  for (const kind of ['inter', 'intra'] as const) {
    const withRepeat = groups.filter((g) => g.repeats[kind] !== undefined);
    if (withRepeat.length === 0) continue;
    const block = featureBlock(
      withRepeat.map((g) => ({ modality: g.modality, batch: g.repeats[kind]! })),
      order,
    );
    const repeatLines = [
      ...comments.slice(0, synthetic ? 2 : 1),
      formatCsvRow(['patient_id', ...block.header]),
      ...order.map((id, i) => formatCsvRow([id, ...block.columns.map((col) => col[i])])),
    ];
    repeats[kind] = `${repeatLines.join('\n')}\n`;
  }

  const clinicalOnly = clinical.ids.ids().filter((id) => !reference.ids.has(id)).length;
  const notes = [
    ...allTables.flatMap(tableNotes),
    ...(clinical.ignoredColumns.length > 0
      ? [
          `${clinical.source}: columns not used: ${clinical.ignoredColumns.map((c) => `"${c}"`).join(', ')} (a map file can name them)`,
        ]
      : []),
    ...(clinicalOnly > 0 ? [`${clinical.source}: ${clinicalOnly} patient(s) without imaging left out`] : []),
  ];
  return {
    cohortCsv: `${lines.join('\n')}\n`,
    repeats,
    patients: order.length,
    features: features.header.length,
    extraction,
    notes,
    warnings,
  };
}
