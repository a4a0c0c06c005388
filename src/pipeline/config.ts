/**
 * Training configuration. Defaults reproduce Hou et al. 2025; every step is an option.
 * A config arrives as JSON (CLI --config file, HTTP body), so parsing validates every field and
 * names the one that is wrong.
 */
import { CLASSIFIER_KINDS, type ClassifierKind } from '../classifiers/classifier.js';
import { DEFAULT_MODALITIES } from '../cohort/columns.js';
import { SELECTOR_KINDS, type SelectorKind } from '../featureSelection/selector.js';
import type { CalibrationMethod } from '../model/artifact.js';
import { parseTaskSpecs, TaskSpecError } from '../tasks/parseTasks.js';
import { DEFAULT_TASKS, type TaskSpec } from '../tasks/taskSpec.js';

export interface TrainingConfig {
  /** The tasks to train (default: the paper's three one-vs-rest tasks over, low, zero). */
  tasks: TaskSpec[];
  /** Name prefixes that mark radiomic feature columns. */
  modalities: string[];
  /** Categorical input columns and their levels (reference level first); null: read from training rows. */
  categorical: Record<string, string[] | null>;
  /** Columns the cohort file may carry that are not inputs. */
  ignoreColumns: string[];
  /** How each task selects its radiomic inputs (src/featureSelection/). */
  selector: SelectorKind;
  /** Univariate test for continuous candidates: Welch t-test (Hou et al.) or Mann–Whitney U (Shen et al.). */
  univariateTest: 'welch' | 'mann-whitney';
  /** Reliability of categorical inputs: keep only if Cohen's kappa with each repeat reading is above this. */
  kappaThreshold: number;
  /** Reliability filter: keep a feature only if inter- and intra-observer ICC(2,1) are both above this. */
  iccThreshold: number;
  /** Share of development-site patients that go to training (stratified by HER2 status). */
  trainFraction: number;
  /** 'column': use the cohort's `set` column when present (reproduces a published split); 'random': always split. */
  split: 'column' | 'random';
  /** Sites held out entirely as external validation (besides rows whose `set` is external). */
  externalSites: string[];
  /** Welch t-test p-value threshold for candidate radiomic features. */
  pThreshold: number;
  /** mRMR: number of radiomic features kept per task. */
  mrmrK: number;
  mrmrCriterion: 'MID' | 'MIQ';
  /** Equal-frequency bins used to discretise features for mutual information. */
  mrmrBins: number;
  /** Clinical inputs always appended to the radiomic ones. */
  clinical: string[];
  /** Add HI = SUVmax / SUVmean as a candidate clinical input when both columns are present (kept if its Welch p passes). */
  heterogeneityIndex: boolean;
  classifiers: ClassifierKind[];
  /** Folds of the stratified CV used for tuning and for cross-validated calibration. */
  cvFolds: number;
  calibration: CalibrationMethod;
  /** How the best classifier per task is chosen: highest internal-validation AUC (the paper) or highest CV AUC. */
  selectBestBy: 'validation' | 'cv';
  /** Missing feature values: reject (default) or median imputation fitted on training rows. */
  missing: 'reject' | 'impute-median';
  /** Reliability-curve bins for ECE and plots. */
  calibrationBins: number;
  /**
   * Site harmonisation of the radiomic features: 'combat' fits ComBat on the training rows (batch =
   * the cohort's site column, never the label) and adjusts every row of a site seen in training.
   */
  harmonization: 'none' | 'combat';
  /** ComBat: empirical-Bayes shrinkage of the site effects. */
  combatEb: boolean;
  /** ComBat: adjust the site location only, not its scale. */
  combatMeanOnly: boolean;
  /**
   * 'hou2025' (the default, never stored so default model ids stay as they were): the paper's
   * pipeline. 'search': also search selector × size × classifier × hyperparameters per task by inner
   * CV and serve the search's choice (src/search/).
   */
  preset?: 'hou2025' | 'search';
  /** Preset search: pipelines tried per task (default SEARCH_DEFAULTS.searchBudget). */
  searchBudget?: number;
  /** Preset search: members of the top-N ensemble offered as one more candidate (1: no ensemble). */
  ensembleSize?: number;
}

/** Defaults the search preset fills in (stored in the config, so the artifact records them). */
export const SEARCH_DEFAULTS = { searchBudget: 32, ensembleSize: 5 } as const;

export const DEFAULT_TRAINING_CONFIG: Readonly<TrainingConfig> = Object.freeze({
  tasks: DEFAULT_TASKS.map((t) => ({ ...t, positive: [...t.positive] })),
  modalities: [...DEFAULT_MODALITIES],
  categorical: {},
  ignoreColumns: [],
  selector: 'welch-mrmr',
  univariateTest: 'welch',
  kappaThreshold: 0.61,
  iccThreshold: 0.75,
  trainFraction: 0.7,
  split: 'column',
  externalSites: [],
  pThreshold: 0.05,
  mrmrK: 8,
  mrmrCriterion: 'MID',
  mrmrBins: 10,
  clinical: ['er', 'pr'],
  heterogeneityIndex: true,
  classifiers: [...CLASSIFIER_KINDS],
  cvFolds: 5,
  calibration: 'sigmoid',
  selectBestBy: 'validation',
  missing: 'reject',
  calibrationBins: 10,
  harmonization: 'none',
  combatEb: true,
  combatMeanOnly: false,
} satisfies TrainingConfig);

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`config field "${field}": ${reason}`);
    this.name = 'ConfigError';
  }
}

type Check = (value: unknown, field: string) => unknown;

const number =
  (min: number, max: number, integer = false): Check =>
  (v, f) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(f, 'must be a finite number');
    if (integer && !Number.isInteger(v)) throw new ConfigError(f, 'must be an integer');
    if (v < min || v > max) throw new ConfigError(f, `must be between ${min} and ${max}`);
    return v;
  };

const oneOf =
  (options: readonly string[]): Check =>
  (v, f) => {
    if (typeof v !== 'string' || !options.includes(v)) {
      throw new ConfigError(f, `must be one of ${options.join(', ')}`);
    }
    return v;
  };

const stringList =
  (options?: readonly string[], nonEmpty = false): Check =>
  (v, f) => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new ConfigError(f, 'must be an array of strings');
    }
    if (nonEmpty && v.length === 0) throw new ConfigError(f, 'must not be empty');
    if (new Set(v).size !== v.length) throw new ConfigError(f, 'must not repeat a value');
    if (options) {
      const bad = v.find((x) => !options.includes(x));
      if (bad !== undefined)
        throw new ConfigError(f, `unknown value "${bad}" (allowed: ${options.join(', ')})`);
    }
    return v;
  };

const flag: Check = (v, f) => {
  if (typeof v !== 'boolean') throw new ConfigError(f, 'must be true or false');
  return v;
};

const CLINICAL_INPUTS = ['er', 'pr', 'ki67', 'age', 'suv_max', 'suv_mean'] as const;

const categoricalDeclaration: Check = (v, f) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ConfigError(f, 'must be an object {column: [levels, reference first] or null}');
  }
  const out: Record<string, string[] | null> = {};
  for (const [column, levels] of Object.entries(v)) {
    if (levels === null) {
      out[column] = null;
      continue;
    }
    const checked = stringList(undefined, true)(levels, `${f}.${column}`) as string[];
    if (checked.some((l) => l.trim() === '' || l !== l.trim())) {
      throw new ConfigError(`${f}.${column}`, 'levels must be non-empty names without surrounding spaces');
    }
    if (checked.length < 2) throw new ConfigError(`${f}.${column}`, 'needs at least two levels');
    out[column] = [...checked];
  }
  return out;
};

const FIELDS: Record<keyof TrainingConfig, Check> = {
  tasks: (v, f) => {
    try {
      return parseTaskSpecs(v, f);
    } catch (error) {
      if (error instanceof TaskSpecError) throw new ConfigError(error.field, error.message);
      throw error;
    }
  },
  modalities: (v, f) => {
    const list = stringList(undefined, true)(v, f) as string[];
    if (list.some((m) => m.length === 0)) throw new ConfigError(f, 'prefixes must not be empty');
    return list;
  },
  categorical: categoricalDeclaration,
  ignoreColumns: stringList(),
  selector: oneOf(SELECTOR_KINDS),
  univariateTest: oneOf(['welch', 'mann-whitney']),
  kappaThreshold: number(-1, 1),
  iccThreshold: number(0, 1),
  trainFraction: number(0.1, 0.95),
  split: oneOf(['column', 'random']),
  externalSites: stringList(),
  pThreshold: number(0, 1),
  mrmrK: number(1, 200, true),
  mrmrCriterion: oneOf(['MID', 'MIQ']),
  mrmrBins: number(2, 100, true),
  clinical: stringList(CLINICAL_INPUTS),
  heterogeneityIndex: flag,
  classifiers: stringList(CLASSIFIER_KINDS, true),
  cvFolds: number(2, 20, true),
  calibration: oneOf(['sigmoid', 'isotonic']),
  selectBestBy: oneOf(['validation', 'cv']),
  missing: oneOf(['reject', 'impute-median']),
  calibrationBins: number(2, 50, true),
  harmonization: oneOf(['none', 'combat']),
  combatEb: flag,
  combatMeanOnly: flag,
  preset: oneOf(['hou2025', 'search']),
  searchBudget: number(1, 10000, true),
  ensembleSize: number(1, 50, true),
};

/** A copy whose arrays are not shared with the source (the frozen defaults' arrays are not frozen). */
function copyConfig(config: Readonly<TrainingConfig>): TrainingConfig {
  return structuredClone(config) as TrainingConfig;
}

/** Merges a user config over the defaults; unknown or invalid fields are an error naming the field. */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  if (input === undefined || input === null) return copyConfig(DEFAULT_TRAINING_CONFIG);
  if (typeof input !== 'object' || Array.isArray(input))
    throw new ConfigError('(root)', 'must be a JSON object');
  const config: Record<string, unknown> = copyConfig(DEFAULT_TRAINING_CONFIG) as unknown as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(input)) {
    // Own keys only: `toString`, `constructor` or `__proto__` must not find Object.prototype's members.
    if (!Object.hasOwn(FIELDS, key)) {
      throw new ConfigError(key, `unknown option (known: ${Object.keys(FIELDS).join(', ')})`);
    }
    config[key] = structuredClone(FIELDS[key as keyof TrainingConfig](value, key));
  }
  const parsed = config as unknown as TrainingConfig;
  checkConsistency(parsed);
  return applyPreset(parsed);
}

/** The search fields belong to the search preset; hou2025 is the default and is not stored. */
function applyPreset(config: TrainingConfig): TrainingConfig {
  if (config.preset === 'search') {
    return {
      ...config,
      searchBudget: config.searchBudget ?? SEARCH_DEFAULTS.searchBudget,
      ensembleSize: config.ensembleSize ?? SEARCH_DEFAULTS.ensembleSize,
    };
  }
  for (const field of ['searchBudget', 'ensembleSize'] as const) {
    if (config[field] !== undefined) throw new ConfigError(field, 'applies only with "preset": "search"');
  }
  const { preset: _default, ...paper } = config;
  return paper;
}

/** Cross-field rules: a subgroup must name a declared categorical column and its known levels. */
function checkConsistency(config: TrainingConfig): void {
  config.tasks.forEach((task, i) => {
    if (!task.subgroup) return;
    const field = `tasks[${i}].subgroup`;
    if (!Object.hasOwn(config.categorical, task.subgroup.column)) {
      throw new ConfigError(
        `${field}.column`,
        `"${task.subgroup.column}" is not a declared categorical column (add it to "categorical")`,
      );
    }
    const levels = config.categorical[task.subgroup.column];
    const unknown = levels ? task.subgroup.levels.find((l) => !levels.includes(l)) : undefined;
    if (unknown !== undefined) {
      throw new ConfigError(
        `${field}.levels`,
        `"${unknown}" is not a level of ${task.subgroup.column} (${levels!.join(', ')})`,
      );
    }
  });
  const both = config.ignoreColumns.find((c) => Object.hasOwn(config.categorical, c));
  if (both !== undefined) throw new ConfigError('ignoreColumns', `"${both}" is also declared categorical`);
}

/** The column declaration the cohort parser applies for this config. */
export function columnDeclaration(config: TrainingConfig): {
  modalities: string[];
  categorical: string[];
  ignore: string[];
} {
  return {
    modalities: config.modalities,
    categorical: Object.keys(config.categorical),
    ignore: config.ignoreColumns,
  };
}

/** Seed used when none is given: every random choice derives from it. */
export const DEFAULT_TRAINING_SEED = 20250101;
