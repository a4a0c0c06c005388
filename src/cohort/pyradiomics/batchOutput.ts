/**
 * One PyRadiomics batch output (`pyradiomics cases.csv -o out.csv -f csv`): a row per case, the
 * input sheet's columns (`ID`, `Image`, `Mask`, any others), the `diagnostics_*` columns (versions,
 * settings, image and mask facts), then one column per feature named
 * `<image type>_<feature class>_<feature>` (`original_shape_Elongation`, `wavelet-LLH_glcm_Correlation`,
 * `log-sigma-1-0-mm-3D_firstorder_Mean`). Other columns are carried-over input columns and are ignored.
 */
import { CohortError } from '../errors.js';
import { parseNumericCell, invalidNumberProblem } from '../numericCell.js';
import { type DelimitedTable, numericText } from './delimitedTable.js';
import { IdIndex } from './patientIds.js';

const FEATURE_CLASSES = 'shape|shape2D|firstorder|glcm|glrlm|glszm|gldm|ngtdm';
const FEATURE_COLUMN = new RegExp(`^[A-Za-z0-9.-]+_(?:${FEATURE_CLASSES})_[A-Za-z0-9]+$`);
const ID_COLUMNS = ['id', 'patient_id', 'patient id', 'patientid', 'case_id', 'case id'];

export function isPyRadiomicsFeature(name: string): boolean {
  return FEATURE_COLUMN.test(name);
}

export interface BatchOutput {
  source: string;
  ids: IdIndex;
  /** Patient ids in file order. */
  patientIds: string[];
  /** Feature names as PyRadiomics wrote them (no modality prefix). */
  featureNames: string[];
  /** values[j][i]: feature j of patient i; NaN for an empty cell (the cohort's missing policy decides). */
  values: Float64Array[];
  /** diagnostics_* columns, each a column of cell texts by patient. */
  diagnostics: Map<string, string[]>;
  /** Row (and line) of each patient, for errors. */
  rows: { row: number; line: number }[];
}

export function readBatchOutput(table: DelimitedTable): BatchOutput {
  const { source, header } = table;
  const idColumn = header.findIndex((h) => ID_COLUMNS.includes(h.toLowerCase()));
  if (idColumn < 0) {
    throw new CohortError(
      `no patient id column (expected ID, as in PyRadiomics' input sheet, or patient_id); the columns are ${header
        .slice(0, 6)
        .join(', ')}${header.length > 6 ? ', …' : ''}`,
      { file: source, line: 1 },
    );
  }
  const featureColumns = header.flatMap((h, c) => (isPyRadiomicsFeature(h) ? [c] : []));
  if (featureColumns.length === 0) {
    throw new CohortError(
      'no PyRadiomics feature columns (named like original_shape_Elongation or wavelet-LLH_glcm_Correlation)',
      { file: source },
    );
  }
  const diagnosticColumns = header.flatMap((h, c) => (h.startsWith('diagnostics_') ? [c] : []));
  const ids = new IdIndex();
  const patientIds: string[] = [];
  const values = featureColumns.map(() => new Float64Array(table.rows.length));
  const diagnostics = new Map(diagnosticColumns.map((c) => [header[c], [] as string[]]));
  table.rows.forEach(({ row, line, cells }, i) => {
    const id = ids.add(cells[idColumn], { file: source, row, line, column: header[idColumn] });
    patientIds.push(id);
    featureColumns.forEach((c, j) => {
      const text = numericText(table, cells[c]);
      const value = parseNumericCell(text);
      if (value === undefined) {
        throw new CohortError(invalidNumberProblem(cells[c]), {
          file: source,
          row,
          line,
          column: header[c],
          patientId: id,
        });
      }
      values[j][i] = value;
    });
    for (const c of diagnosticColumns) diagnostics.get(header[c])!.push(cells[c].trim());
  });
  return {
    source,
    ids,
    patientIds,
    featureNames: featureColumns.map((c) => header[c]),
    values,
    diagnostics,
    rows: table.rows.map(({ row, line }) => ({ row, line })),
  };
}
