/**
 * The map file: a site's own column names and values, added to the built-in aliases. YAML:
 *
 *   columns:            # sheet column → cohort column, or `ignore`
 *     Pat.-Nr.: patient_id
 *     Klinik: site
 *     Bemerkung: ignore
 *   values:             # per cohort column: sheet value → a value the built-in aliases know
 *     her2_status:
 *       HER2-ultralow: zero
 *       "2+ / nicht amplifiziert": IHC 2+/FISH-
 *
 * Parsed and checked here (pure: text in); a wrong key or target is an error naming the file and key.
 */
import { parse as parseYaml } from 'yaml';
import { CohortError } from '../errors.js';
import {
  COHORT_CLINICAL_COLUMNS,
  type CohortClinicalColumn,
  normalizeHeader,
  normalizeValue,
} from './clinicalAliases.js';

export interface ClinicalMap {
  /** Normalized sheet column name → cohort column or 'ignore'. */
  columns: Map<string, CohortClinicalColumn | 'ignore'>;
  /** Per cohort column: normalized sheet value → replacement text. */
  values: Map<CohortClinicalColumn, Map<string, string>>;
}

export const EMPTY_CLINICAL_MAP: ClinicalMap = { columns: new Map(), values: new Map() };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCohortColumn(name: string): name is CohortClinicalColumn {
  return (COHORT_CLINICAL_COLUMNS as readonly string[]).includes(name);
}

export function parseClinicalMap(text: string, file: string): ClinicalMap {
  const fail = (detail: string) => new CohortError(detail, { file });
  let document: unknown;
  try {
    document = parseYaml(text) as unknown;
  } catch (error) {
    throw fail(`is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || document === undefined) return EMPTY_CLINICAL_MAP;
  if (!isRecord(document)) throw fail('must be a mapping with the keys columns and values');
  const unknownKey = Object.keys(document).find((k) => k !== 'columns' && k !== 'values');
  if (unknownKey !== undefined) throw fail(`unknown key "${unknownKey}" (expected columns, values)`);
  const targets = `${COHORT_CLINICAL_COLUMNS.join(', ')} or ignore`;

  const columns = new Map<string, CohortClinicalColumn | 'ignore'>();
  if (document.columns !== undefined) {
    if (!isRecord(document.columns)) throw fail('"columns" must map sheet column names to cohort columns');
    for (const [sheet, target] of Object.entries(document.columns)) {
      if (typeof target !== 'string' || !(target === 'ignore' || isCohortColumn(target))) {
        throw fail(`"columns.${sheet}" must be one of ${targets}, got ${JSON.stringify(target)}`);
      }
      columns.set(normalizeHeader(sheet), target);
    }
  }
  const values = new Map<CohortClinicalColumn, Map<string, string>>();
  if (document.values !== undefined) {
    if (!isRecord(document.values)) throw fail('"values" must map cohort columns to value maps');
    for (const [column, map] of Object.entries(document.values)) {
      if (!isCohortColumn(column))
        throw fail(`"values.${column}" is not a cohort column (${COHORT_CLINICAL_COLUMNS.join(', ')})`);
      if (!isRecord(map)) throw fail(`"values.${column}" must map sheet values to cohort values`);
      const entries = new Map<string, string>();
      for (const [from, to] of Object.entries(map)) {
        if (typeof to !== 'string' && typeof to !== 'number') {
          throw fail(`"values.${column}.${from}" must be a text or a number, got ${JSON.stringify(to)}`);
        }
        entries.set(normalizeValue(from), String(to));
      }
      values.set(column, entries);
    }
  }
  return { columns, values };
}
