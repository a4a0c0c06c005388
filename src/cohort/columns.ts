/**
 * What each header column of a cohort (or repeat-segmentation) file is. Known column names are
 * matched case-insensitively; everything not known and not PyRadiomics bookkeeping is a candidate
 * radiomic feature and keeps its name exactly as written.
 */
import { CLINICAL_COLUMNS, type ClinicalColumn } from './cohort.js';
import { detachString } from './detachString.js';
import { CohortError } from './errors.js';

export type ColumnRole =
  | { kind: 'patientId' }
  | { kind: 'site' }
  | { kind: 'her2Status' }
  | { kind: 'ihc' }
  | { kind: 'fish' }
  | { kind: 'set' }
  | { kind: 'clinical'; name: ClinicalColumn }
  | { kind: 'ignored' }
  | { kind: 'feature' };

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

/**
 * Classifies the header. A repeat file needs only an id column; its label, clinical, site and set
 * columns (if present) are ignored rather than read.
 */
export function classifyColumns(
  header: string[],
  source: string,
  kind: FileKind,
  headerLine?: number,
): ColumnLayout {
  const names = header.map((h) => detachString(h.trim()));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
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

  const roles: ColumnRole[] = names.map((name) => {
    const lower = name.toLowerCase();
    const known = roleOf(lower);
    if (known !== undefined)
      return kind === 'repeat' && known.kind !== 'patientId' ? { kind: 'ignored' } : known;
    if (isPyRadiomicsBookkeeping(name)) return { kind: 'ignored' };
    return { kind: 'feature' };
  });

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
  };
  roles.forEach((role, i) => {
    if (role.kind === 'clinical') layout.clinical.push({ name: role.name, index: i });
    if (role.kind === 'feature') {
      layout.featureIndices.push(i);
      layout.featureNames.push(names[i]);
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
    throw new CohortError(`missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      file: source,
      line: headerLine,
      column: missing[0],
    });
  }
  if (layout.featureIndices.length === 0) {
    throw new CohortError('no radiomic feature columns found', { file: source, line: headerLine });
  }
  return layout;
}
