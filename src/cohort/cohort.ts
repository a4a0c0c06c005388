/**
 * The in-memory cohort every later stage works on. Parsing (src/cohort/parse*.ts) produces it;
 * the demo generator (src/demo/) produces the CSV it is parsed from.
 *
 * Feature values are stored column-major (one Float64Array per feature, indexed by patient row)
 * because every statistic upstream of the classifiers works feature by feature.
 */
import type { ExtractionProvenance } from './extractionHeader.js';

export const HER2_STATUSES = ['over', 'low', 'zero'] as const;
export type Her2Status = (typeof HER2_STATUSES)[number];

export const SET_NAMES = ['training', 'validation', 'external'] as const;
export type SetName = (typeof SET_NAMES)[number];

/**
 * Clinical columns the cohort format knows. All are stored as numbers:
 * er / pr: 1 positive, 0 negative (a percentage >= 1% is positive);
 * ki67: percent; age: years; suv_max / suv_mean: SUV units. NaN = not recorded.
 */
export const CLINICAL_COLUMNS = ['er', 'pr', 'ki67', 'age', 'suv_max', 'suv_mean'] as const;
export type ClinicalColumn = (typeof CLINICAL_COLUMNS)[number];

export interface Cohort {
  /** File the cohort was read from (for error messages and provenance). */
  source: string;
  /** True when the file declares itself synthetic (header comment `# synthetic` or a `synthetic` file name). */
  synthetic: boolean;
  patientIds: string[];
  sites: string[];
  labels: Her2Status[];
  /** Per patient fixed split from the optional `set` column, or null when the column is absent. */
  sets: SetName[] | null;
  /** Clinical columns present in the file, each a column of length n (NaN = missing). */
  clinical: Partial<Record<ClinicalColumn, Float64Array>>;
  /** Radiomic feature names in file order. */
  featureNames: string[];
  /** features[j][i] = value of feature j for patient i (NaN = missing, only when imputation is allowed). */
  features: Float64Array[];
  /** Declared categorical input columns in file order (e.g. BI-RADS descriptors). */
  categoricalNames: string[];
  /** categorical[j][i] = level of categorical column j for patient i, as written (trimmed). */
  categorical: string[][];
  /** PyRadiomics version and settings per modality, from the file's `# pyradiomics-extraction:` line. */
  extraction?: ExtractionProvenance;
}

/** A repeat segmentation (inter- or intra-observer): same patients, same feature columns. */
export interface RepeatMeasurement {
  source: string;
  patientIds: string[];
  featureNames: string[];
  features: Float64Array[];
  categoricalNames: string[];
  categorical: string[][];
}
