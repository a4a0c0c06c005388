/**
 * The one small interface every feature selector implements, beside the classifier one: fit on a
 * task's training rows, return which candidates it keeps and a serialisable record of why. A selector
 * either keeps a subset of the candidates (welch-mrmr, univariate, lasso) or projects them onto new
 * inputs (pca, whose `projection` the serving path applies to the same candidates).
 */

export const SELECTOR_KINDS = ['welch-mrmr', 'univariate', 'location-scale', 'lasso', 'pca'] as const;
export type SelectorKind = (typeof SELECTOR_KINDS)[number];

/** A candidate input: a continuous radiomic feature, or a categorical column coded by level index. */
export interface SelectionCandidate {
  name: string;
  kind: 'continuous' | 'categorical';
  /** Over all patients: the (imputed) value, or the level index 0..levels.length-1 for a categorical column. */
  values: Float64Array;
  /** Categorical only: level names, the reference level first. */
  levels?: readonly string[];
}

export interface SelectorOptions {
  pThreshold: number;
  univariateTest: 'welch' | 'mann-whitney';
  mrmrK: number;
  mrmrCriterion: 'MID' | 'MIQ';
  mrmrBins: number;
  cvFolds: number;
}

export interface SelectorInput {
  candidates: readonly SelectionCandidate[];
  /** Binary task labels over all patients (only training rows are read). */
  labels: Uint8Array;
  trainingRows: Int32Array;
  options: SelectorOptions;
  seed: number;
}

/** A linear projection of continuous candidates onto new model inputs (PCA). */
export interface SelectionProjection {
  /** Names of the continuous candidates read, in order. */
  inputs: string[];
  /** Standardisation before projecting, fitted on training rows. */
  center: number[];
  scale: number[];
  /** components[c][j]: loading of input j on output c. */
  components: number[][];
  /** Names of the outputs (pc1, pc2, …). */
  outputs: string[];
}

export interface FittedSelection {
  kind: SelectorKind;
  /** Indices into the candidates, in the selector's order (for pca: every input it projects). */
  selected: number[];
  /** How many candidates passed the univariate filter (when the selector has one). */
  passedFilter?: number;
  /** p-value (or other score) per selected candidate, by name, for the report. */
  scores: Record<string, number>;
  /** Selector-specific facts for the report and the artifact (thresholds, lambda, component count, …). */
  details: Record<string, number | string | boolean>;
  projection?: SelectionProjection;
}

/** What the artifact records of a selection, as the report reads it back. */
export interface SelectionRecord {
  candidates: number;
  passedFilter: number | null;
  details: Record<string, number | string | boolean>;
}

export interface SelectorSpec {
  kind: SelectorKind;
  /** One line for the report. */
  description: string;
  /** What the per-candidate score in FittedSelection.scores is, as a table heading. */
  scoreLabel: string;
  /** The selection funnel in one sentence, from what the artifact recorded. */
  summarize(record: SelectionRecord): string;
  fit(input: SelectorInput): FittedSelection;
}
