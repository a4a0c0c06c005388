/**
 * The extraction settings must be the same for every patient: features computed with different bin
 * widths, resampling or PyRadiomics versions are not comparable, and a model would learn the setting.
 * Per modality, every row of every file (first reader, second reader, repeat pass) must carry the
 * same diagnostics_Versions_* and diagnostics_Configuration_* values; the PyRadiomics version must
 * also agree across modalities. (Settings may differ between modalities: a PET bin width in SUV and
 * a CT one in HU are different by design.) A difference is an error naming file, row and column, or,
 * when allowed, a warning and a `mixed` entry in the provenance.
 */
import { CohortError, type CohortErrorLocation } from '../errors.js';
import {
  type ExtractionProvenance,
  type ModalityExtraction,
  settingDifferences,
} from '../extractionHeader.js';
import type { BatchOutput } from './batchOutput.js';
import { parsePythonLiteral } from './pythonLiteral.js';

const VERSION_PREFIX = 'diagnostics_Versions_';
const CHECKED = /^diagnostics_(?:Versions|Configuration)_/;

export interface ModalityBatches {
  modality: string;
  /** The first reader's file first, then repeat segmentations. */
  files: BatchOutput[];
}

export interface ExtractionCheck {
  extraction: ExtractionProvenance;
  warnings: string[];
}

function literalOrText(text: string): unknown {
  return parsePythonLiteral(text) ?? text;
}

function difference(column: string, here: string | undefined, reference: string | undefined): string {
  if (here === undefined || reference === undefined)
    return `${here === undefined ? 'column absent here' : 'column absent in the reference'}`;
  if (column.startsWith(VERSION_PREFIX)) return `${here} vs ${reference}`;
  return settingDifferences(literalOrText(here), literalOrText(reference)).join('; ');
}

function modalityExtraction(reference: BatchOutput, mixed: Set<string>): ModalityExtraction {
  const first = (column: string) => reference.diagnostics.get(column)?.[0];
  const versions: Record<string, string> = {};
  for (const [column, cells] of reference.diagnostics) {
    if (column.startsWith(VERSION_PREFIX)) versions[column.slice(VERSION_PREFIX.length)] = cells[0];
  }
  const settings = first('diagnostics_Configuration_Settings');
  const imageTypes = first('diagnostics_Configuration_EnabledImageTypes');
  return {
    versions,
    ...(settings !== undefined && { settings: literalOrText(settings) }),
    ...(imageTypes !== undefined && { imageTypes: literalOrText(imageTypes) }),
    ...(mixed.size > 0 && { mixed: [...mixed].sort() }),
  };
}

export function checkExtractionConsistency(
  groups: readonly ModalityBatches[],
  allowMixed: boolean,
): ExtractionCheck {
  const warnings: string[] = [];
  const report = (problem: string, at: CohortErrorLocation, mixed: Set<string>, column: string) => {
    if (!allowMixed) {
      throw new CohortError(
        `${problem} (features extracted with different settings are not comparable; re-extract, or pass --allow-mixed-settings)`,
        at,
      );
    }
    if (!mixed.has(column)) warnings.push(`${at.file}, row ${at.row}, column "${column}": ${problem}`);
    mixed.add(column);
  };
  const extraction: ExtractionProvenance = {};
  for (const { modality, files } of groups) {
    const reference = files[0];
    const mixed = new Set<string>();
    const columns = [
      ...new Set(files.flatMap((f) => [...f.diagnostics.keys()].filter((c) => CHECKED.test(c)))),
    ];
    const expected = (column: string) => reference.diagnostics.get(column)?.[0];
    for (const file of files) {
      for (const column of columns) {
        const cells = file.diagnostics.get(column);
        for (let i = 0; i < file.patientIds.length; i++) {
          const here = cells?.[i];
          const wanted = expected(column);
          if (here === wanted) continue;
          const { row, line } = file.rows[i];
          report(
            `differs from ${reference.source} row 1: ${difference(column, here, wanted)}`,
            { file: file.source, row, line, column, patientId: file.patientIds[i] },
            mixed,
            column,
          );
          if (cells === undefined) break;
        }
      }
    }
    extraction[modality] = modalityExtraction(reference, mixed);
  }
  const [first, ...others] = groups;
  const version = (g: ModalityBatches) => g.files[0].diagnostics.get(`${VERSION_PREFIX}PyRadiomics`)?.[0];
  for (const other of others) {
    if (version(other) === version(first)) continue;
    const mixed = new Set(extraction[other.modality].mixed ?? []);
    report(
      `PyRadiomics ${version(other) ?? 'unknown'} here, ${version(first) ?? 'unknown'} in ${first.files[0].source}`,
      {
        file: other.files[0].source,
        row: 1,
        line: other.files[0].rows[0].line,
        column: `${VERSION_PREFIX}PyRadiomics`,
      },
      mixed,
      `${VERSION_PREFIX}PyRadiomics`,
    );
    extraction[other.modality] = { ...extraction[other.modality], mixed: [...mixed].sort() };
  }
  return { extraction, warnings };
}
