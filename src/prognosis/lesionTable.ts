/**
 * The lesion table of a prognosis study: one row per lesion with its SUVmax and, per delineation
 * threshold, the SUVmean and metabolic tumour volume inside the contour drawn at that threshold.
 */

/** Delineation thresholds: an absolute SUV of 2.5, and 40% / 50% of the lesion's SUVmax. */
export const THRESHOLDS = ['2.5', '40', '50'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const suvMeanColumn = (t: Threshold): string => `suv_mean_${t}`;
export const mtvColumn = (t: Threshold): string => `mtv_${t}`;

export interface LesionMeasure {
  suvMean: number;
  /** Metabolic tumour volume (mL). */
  mtv: number;
}

export interface Lesion {
  patientId: string;
  lesionId: string;
  /** Anatomical site (breast, lung, liver, lymph node, bone, other), or null when not given. */
  site: string | null;
  suvMax: number;
  /** Per threshold of the table; absent when the lesion was not delineated at that threshold. */
  measures: Partial<Record<Threshold, LesionMeasure>>;
}

export interface LesionTable {
  source: string;
  synthetic: boolean;
  /** The thresholds the table has columns for, in THRESHOLDS order. */
  thresholds: Threshold[];
  lesions: Lesion[];
  /** Where each patient's first lesion is, to name it in errors found after the parse. */
  firstRowOf: Map<string, { row: number; line: number }>;
}

export interface OutcomeRecord {
  patientId: string;
  pfsMonths: number;
  progressed: boolean;
}

export interface OutcomeTable {
  source: string;
  synthetic: boolean;
  outcomes: OutcomeRecord[];
  rowOf: Map<string, { row: number; line: number }>;
}
