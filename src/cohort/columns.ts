/**
 * What each header column of a cohort (or repeat-segmentation) file is. Columns are declared, not
 * guessed: known clinical and label columns are matched case-insensitively; a column whose name
 * starts with a configured modality prefix (pet_, ct_, mri_, …) is a candidate radiomic feature and
 * keeps its name exactly as written; a column declared categorical is a categorical input; PyRadiomics
 * bookkeeping and declared ignored columns are skipped. Any other column is an error naming it and the
 * config keys that would claim it (an unrenamed `Ki-67 (%)` or `SUVmax` must not become a feature).
 */
import { CLINICAL_COLUMNS, type ClinicalColumn } from './cohort.js';
import { detachString } from './detachString.js';
import { CohortError } from './errors.js';
import { assertCommaSeparatedHeader } from './spreadsheetText.js';

export type ColumnRole =
  | { kind: 'patientId' }
  | { kind: 'site' }
  | { kind: 'her2Status' }
  | { kind: 'ihc' }
  | { kind: 'fish' }
  | { kind: 'set' }
  | { kind: 'clinical'; name: ClinicalColumn }
  | { kind: 'ignored' }
  | { kind: 'feature' }
  | { kind: 'categorical' };

/** Which columns are inputs, as the training config declares them. */
export interface ColumnDeclaration {
  /** Name prefixes of radiomic feature columns, matched case-insensitively. */
  modalities: readonly string[];
  /** Categorical input columns (exact names). */
  categorical: readonly string[];
  /** Columns to skip (exact names). */
  ignore: readonly string[];
}

export const DEFAULT_MODALITIES: readonly string[] = ['pet_', 'ct_', 'mri_', 'dwi_', 'dce_'];

export const DEFAULT_COLUMN_DECLARATION: ColumnDeclaration = {
  modalities: DEFAULT_MODALITIES,
  categorical: [],
  ignore: [],
};

export interface ColumnLayout {
  header: string[];
  roles: ColumnRole[];
  patientId: number;
  site: number; // -1 when absent
  her2Status: number;
  ihc: number;
  fish: number;
  set: number;
  clinical: { name: ClinicalColumn; index: number }[];
  featureIndices: number[];
  featureNames: string[];
  categoricalIndices: number[];
  categoricalNames: string[];
}

// PyRadiomics batch output carries these; `pet_diagnostics_*` covers files whose columns were
// prefixed with the modality when PET and CT extractions were merged.
const PYRADIOMICS_BOOKKEEPING = /^(?:[a-z0-9]+_)?(?:diagnostics_.*|image|mask)$/i;

export function isPyRadiomicsBookkeeping(name: string): boolean {
  return PYRADIOMICS_BOOKKEEPING.test(name);
}

function roleOf(lowerName: string): ColumnRole | undefined {
  switch (lowerName) {
    case 'patient_id':
      return { kind: 'patientId' };
    case 'site':
      return { kind: 'site' };
    case 'her2_status':
      return { kind: 'her2Status' };
    case 'ihc':
      return { kind: 'ihc' };
    case 'fish':
      return { kind: 'fish' };
    case 'set':
      return { kind: 'set' };
  }
  const clinical = CLINICAL_COLUMNS.find((c) => c === lowerName);
  return clinical === undefined ? undefined : { kind: 'clinical', name: clinical };
}

export type FileKind = 'cohort' | 'repeat';

// Names a spreadsheet gives the HER2 label column (HER2, HER2 status, HER2_IHC, label, class, target…).
const LABEL_LIKE = /her2|\blabel\b|^class$|^target$|^status$|^outcome$/i;

/** "; found column "HER2 status" …" when a column looks like the label under another name. */
function labelColumnHint(names: readonly string[]): string {
  const found = names.find((n) => LABEL_LIKE.test(n) && !isPyRadiomicsBookkeeping(n));
  if (found === undefined) return '';
  return (
    `; found column "${found}", which looks like the HER2 label: rename it to her2_status (over, low, zero) ` +
    'or ihc (0, 1+, 2+, 3+) with fish, or build the cohort with `her2 cohort build`, which knows its aliases'
  );
}

/**
 * Classifies the header. A repeat file needs only an id column; its label, clinical, site and set
 * columns (if present) are ignored rather than read.
 */
export function classifyColumns(
  header: string[],
  source: string,
  kind: FileKind,
  headerLine?: number,
  declaration: ColumnDeclaration = DEFAULT_COLUMN_DECLARATION,
): ColumnLayout {
  const modalities = declaration.modalities.map((m) => m.toLowerCase());
  const categorical = new Set(declaration.categorical);
  const ignore = new Set(declaration.ignore);
  assertCommaSeparatedHeader(header, source, headerLine);
  const names = header.map((h) => detachString(h.trim()));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.length === 0 && i === 0) {
      throw new CohortError(
        'the first column has no name: it looks like a pandas index (DataFrame.to_csv writes one unless ' +
          'index=False); write the file with index=False or remove the column',
        { file: source, line: headerLine },
      );
    }
    if (name.length === 0) {
      throw new CohortError(`header column ${i + 1} has no name`, { file: source, line: headerLine });
    }
    const previous = seen.get(name.toLowerCase());
    if (previous !== undefined) {
      throw new CohortError(`column appears twice in the header (columns ${previous + 1} and ${i + 1})`, {
        file: source,
        line: headerLine,
        column: name,
      });
    }
    seen.set(name.toLowerCase(), i);
    // A pandas index written by to_csv() is numeric and would silently become a "feature" that
    // encodes row order (and so, in a label-sorted file, the label).
    if (/^Unnamed: \d+$/.test(name)) {
      throw new CohortError(
        'looks like a pandas index column; write the file with index=False or remove the column',
        {
          file: source,
          line: headerLine,
          column: name,
        },
      );
    }
  });

  // undefined: a column nothing claims.
  const claimed: (ColumnRole | undefined)[] = names.map((name) => {
    const lower = name.toLowerCase();
    const known = roleOf(lower);
    if (ignore.has(name)) return { kind: 'ignored' };
    if (categorical.has(name)) return { kind: 'categorical' };
    if (known !== undefined)
      return kind === 'repeat' && known.kind !== 'patientId' ? { kind: 'ignored' } : known;
    if (isPyRadiomicsBookkeeping(name) || lower === 'id') return { kind: 'ignored' };
    if (modalities.some((m) => lower.startsWith(m))) return { kind: 'feature' };
    return undefined;
  });
  const roles: ColumnRole[] = claimed.map((role) => role ?? { kind: 'ignored' });

  // PyRadiomics names the case column `ID`; it is the patient id only when `patient_id` is absent.
  const idColumn = names.findIndex((n) => n.toLowerCase() === 'id');
  if (idColumn >= 0) {
    roles[idColumn] = roles.some((r) => r.kind === 'patientId') ? { kind: 'ignored' } : { kind: 'patientId' };
  }

  const indexOf = (k: ColumnRole['kind']) => roles.findIndex((r) => r.kind === k);
  const layout: ColumnLayout = {
    header: names,
    roles,
    patientId: indexOf('patientId'),
    site: indexOf('site'),
    her2Status: indexOf('her2Status'),
    ihc: indexOf('ihc'),
    fish: indexOf('fish'),
    set: indexOf('set'),
    clinical: [],
    featureIndices: [],
    featureNames: [],
    categoricalIndices: [],
    categoricalNames: [],
  };
  roles.forEach((role, i) => {
    if (role.kind === 'clinical') layout.clinical.push({ name: role.name, index: i });
    if (role.kind === 'feature') {
      layout.featureIndices.push(i);
      layout.featureNames.push(names[i]);
    }
    if (role.kind === 'categorical') {
      layout.categoricalIndices.push(i);
      layout.categoricalNames.push(names[i]);
    }
  });

  const missing: string[] = [];
  if (layout.patientId < 0) missing.push('patient_id (or ID)');
  if (kind === 'cohort') {
    if (layout.site < 0) missing.push('site');
    if (layout.her2Status < 0 && layout.ihc < 0) missing.push('her2_status (or ihc with fish)');
    for (const required of ['er', 'pr'] as const) {
      if (!layout.clinical.some((c) => c.name === required)) missing.push(required);
    }
  }
  if (missing.length > 0) {
    const hint = kind === 'cohort' && layout.her2Status < 0 && layout.ihc < 0 ? labelColumnHint(names) : '';
    throw new CohortError(
      `missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}${hint}`,
      {
        file: source,
        line: headerLine,
        column: missing[0],
      },
    );
  }
  const unclaimed = names.filter((_, i) => claimed[i] === undefined);
  if (unclaimed.length > 0 && kind === 'cohort') {
    const shown = unclaimed.slice(0, 8).map((n) => `"${n}"`);
    if (unclaimed.length > 8) shown.push(`and ${unclaimed.length - 8} more`);
    throw new CohortError(
      `${unclaimed.length} column${unclaimed.length > 1 ? 's are' : ' is'} neither a known clinical column nor a ` +
        `radiomic feature with a modality prefix (${declaration.modalities.join(', ')}): ${shown.join(', ')}. ` +
        'Rename them to a known column (er, pr, ki67, age, suv_max, suv_mean), or declare them in the training ' +
        'config: "modalities" (feature prefixes), "categorical" (categorical inputs) or "ignoreColumns"',
      { file: source, line: headerLine, column: unclaimed[0] },
    );
  }
  // A repeat file may carry extra columns (its own bookkeeping); only the cohort's are compared.
  const absent = declaration.categorical.filter((c) => !layout.categoricalNames.includes(c));
  if (absent.length > 0) {
    throw new CohortError(
      `config "categorical" declares column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `"${c}"`).join(', ')} that the file does not have`,
      { file: source, line: headerLine, column: absent[0] },
    );
  }
  if (layout.featureIndices.length === 0 && layout.categoricalIndices.length === 0) {
    throw new CohortError(
      `no radiomic feature columns found (feature columns start with a modality prefix: ${declaration.modalities.join(', ')})`,
      { file: source, line: headerLine },
    );
  }
  return layout;
}
