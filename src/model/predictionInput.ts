/**
 * Reads patients to predict from CSV (the cohort format without labels): `patient_id` (or
 * PyRadiomics' `ID`), clinical columns (er, pr as written; others numeric) and feature columns.
 * `site`, when present, names the patient's site (for a harmonised model). Label and set columns
 * and PyRadiomics bookkeeping are skipped; every other cell must be a
 * number or a missing token (the model later reports the inputs it needs but lacks, and lists
 * unused ones as ignored). A bad cell names file, row and column.
 */
import { CLINICAL_COLUMNS } from '../cohort/cohort.js';
import { isPyRadiomicsBookkeeping } from '../cohort/columns.js';
import { CsvTokenizer } from '../cohort/csvTokenizer.js';
import { CohortError } from '../cohort/errors.js';
import { invalidNumberProblem, isMissingToken, parseNumericCell } from '../cohort/numericCell.js';
import type { PatientInput } from './her2Model.js';

const NON_FEATURE_COLUMNS = new Set(['patient_id', 'id', 'site', 'set', 'her2_status', 'ihc', 'fish']);
const CLINICAL = new Set<string>(CLINICAL_COLUMNS);

/**
 * `#` comment lines before the header are handed to onComment (e.g. a cohort's
 * `# pyradiomics-extraction:` line) and never tokenized as records.
 */
export function parsePredictionCsv(
  text: string,
  source: string,
  onComment?: (text: string, line: number) => void,
): PatientInput[] {
  const all: { fields: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer((fields, line) => all.push({ fields, line }), {
    source,
    leadingComments: true,
    onComment,
  });
  tokenizer.push(text);
  tokenizer.end();
  const records = all.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  const headerIndex = 0;
  if (records.length === 0) throw new CohortError('no header row', { file: source });
  const header = records[headerIndex].fields.map((h) => h.trim());
  // Known column names match case-insensitively, as in the cohort parser (src/cohort/columns.ts);
  // feature names keep their exact spelling. `ID` (PyRadiomics) is the id only without `patient_id`.
  const lower = header.map((h) => h.toLowerCase());
  const patientIdColumn = lower.indexOf('patient_id');
  const idColumn = patientIdColumn >= 0 ? patientIdColumn : lower.indexOf('id');
  if (idColumn < 0) throw new CohortError('missing required column "patient_id" (or "ID")', { file: source });

  const siteColumn = lower.indexOf('site');
  const seen = new Set<string>();
  return records.slice(headerIndex + 1).map((record, r) => {
    const row = r + 1;
    const location = { file: source, row, line: record.line };
    if (record.fields.length !== header.length) {
      throw new CohortError(
        `has ${record.fields.length} cells but the header has ${header.length}`,
        location,
      );
    }
    const id = record.fields[idColumn].trim();
    if (id === '') throw new CohortError('empty patient id', { ...location, column: header[idColumn] });
    if (seen.has(id)) throw new CohortError('duplicate patient id', { ...location, patientId: id });
    seen.add(id);
    const siteCell = siteColumn >= 0 ? record.fields[siteColumn].trim() : '';
    const features: Record<string, number> = {};
    const clinical: Record<string, number | string> = {};
    header.forEach((name, c) => {
      const known = lower[c];
      if (c === idColumn || NON_FEATURE_COLUMNS.has(known) || isPyRadiomicsBookkeeping(name)) return;
      const cell = record.fields[c].trim();
      if (isMissingToken(cell)) return; // absent: the model reports it if it needs it
      if (known === 'er' || known === 'pr') {
        clinical[known] = cell;
        return;
      }
      const value = parseNumericCell(cell);
      if (value === undefined) {
        throw new CohortError(invalidNumberProblem(cell), { ...location, patientId: id, column: name });
      }
      if (CLINICAL.has(known)) clinical[known] = value;
      else features[name] = value;
    });
    return isMissingToken(siteCell) ? { id, features, clinical } : { id, features, clinical, site: siteCell };
  });
}
