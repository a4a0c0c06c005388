/**
 * One one-vs-rest task end to end on a partitioned cohort: selection, clinical inputs, scaling,
 * the four tuned and calibrated classifiers, the choice of the best one and the paired DeLong
 * comparisons. Everything fitted reads training rows only.
 */
import type { ClassifierKind } from '../classifiers/classifier.js';
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import type { Cohort, SetName } from '../cohort/cohort.js';
import type { DeLongComparison, TaskArtifact, TaskName } from '../model/artifact.js';
import { fitStandardScaler, transformRows } from '../preprocessing/standardScaler.js';
import { pairedDeLongTest } from '../stats/delong.js';
import { deriveSeed } from '../stats/random.js';
import { welchTTestColumns } from '../stats/tTest.js';
import { assertClinicalComplete, clinicalColumn, HETEROGENEITY_INDEX } from './clinicalInputs.js';
import type { TrainingConfig } from './config.js';
import { fitClassifier, type FittedClassifierOutcome } from './fitClassifier.js';
import { selectFeatures } from './selectFeatures.js';

export interface TaskInput {
  task: TaskName;
  cohort: Cohort;
  /** Candidate radiomic feature indices (after the reliability filter) and their (imputed) columns. */
  candidates: number[];
  columns: readonly Float64Array[];
  sets: Record<SetName, Int32Array>;
  config: TrainingConfig;
  seed: number;
  /** Called as each classifier starts (progress reporting). */
  onClassifierStart?: (kind: ClassifierKind) => void;
}

export function oneVsRestLabels(cohort: Cohort, task: TaskName): Uint8Array {
  return Uint8Array.from(cohort.labels, (label) => (label === task ? 1 : 0));
}

/** Rows of the design matrix: one Float64Array per patient over the given columns. */
export function toRows(columns: readonly Float64Array[], n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from(columns, (column) => column[i]));
}

export function fitTask(input: TaskInput): TaskArtifact {
  const { task, cohort, config, sets } = input;
  const labels = oneVsRestLabels(cohort, task);
  const n = cohort.patientIds.length;

  const candidateColumns = input.candidates.map((j) => input.columns[j]);
  const selection = selectFeatures(candidateColumns, labels, sets.training, {
    pThreshold: config.pThreshold,
    k: config.mrmrK,
    criterion: config.mrmrCriterion,
    bins: config.mrmrBins,
  });
  const selectedIndices = selection.selected.map((c) => input.candidates[c]);
  const selectedFeatures = selectedIndices.map((j) => cohort.featureNames[j]);

  const clinicalFeatures = [...config.clinical];
  if (config.heterogeneityIndex && cohort.clinical.suv_max && cohort.clinical.suv_mean) {
    const hi = clinicalColumn(cohort, HETEROGENEITY_INDEX);
    const [p] = welchTTestColumns([hi], sets.training, labels);
    if (p < config.pThreshold) clinicalFeatures.push(HETEROGENEITY_INDEX);
  }
  const clinicalColumns = clinicalFeatures.map((name) => {
    const column = clinicalColumn(cohort, name);
    for (const set of Object.values(sets)) assertClinicalComplete(cohort, name, column, set);
    return column;
  });

  const inputs = [...selectedFeatures, ...clinicalFeatures];
  const rawRows = toRows([...selectedIndices.map((j) => input.columns[j]), ...clinicalColumns], n);
  const scaler = fitStandardScaler(Array.from(sets.training, (i) => rawRows[i]));
  const rows = transformRows(scaler, rawRows);

  const outcomes = {} as Record<ClassifierKind, FittedClassifierOutcome>;
  for (const kind of config.classifiers) {
    input.onClassifierStart?.(kind);
    outcomes[kind] = fitClassifier({
      spec: CLASSIFIER_SPECS[kind],
      rows,
      labels,
      sets,
      cvFolds: config.cvFolds,
      calibration: config.calibration,
      calibrationBins: config.calibrationBins,
      seed: deriveSeed(input.seed, task, kind),
    });
  }

  const kinds = config.classifiers;
  const scoreOf = (kind: ClassifierKind): number =>
    config.selectBestBy === 'cv'
      ? outcomes[kind].result.cvAuc
      : (outcomes[kind].result.metrics.validation?.auc ?? Number.NEGATIVE_INFINITY);
  // Ties keep the earlier classifier in the configured order, so the choice is deterministic.
  const best = kinds.reduce((a, b) => (scoreOf(b) > scoreOf(a) ? b : a));

  const comparisons: DeLongComparison[] = [];
  const validationLabels = Uint8Array.from(sets.validation, (i) => labels[i]);
  const onValidation = (kind: ClassifierKind) =>
    Float64Array.from(sets.validation, (i) => outcomes[kind].probabilities[i]);
  for (const kind of kinds) {
    if (kind === best) continue;
    const test = pairedDeLongTest(onValidation(best), onValidation(kind), validationLabels);
    comparisons.push({
      against: kind,
      set: 'validation',
      aucDifference: test.difference,
      z: test.z,
      pValue: test.pValue,
    });
  }

  const models = Object.fromEntries(
    kinds.map((kind) => [kind, outcomes[kind].result]),
  ) as TaskArtifact['models'];
  return {
    positive: task,
    selectedFeatures,
    clinicalFeatures,
    inputs,
    scaler: { mean: Array.from(scaler.mean), std: Array.from(scaler.std) },
    selection: {
      candidates: input.candidates.length,
      passedTTest: selection.passedTTest,
      pThreshold: config.pThreshold,
      mrmrCriterion: config.mrmrCriterion,
      k: config.mrmrK,
      pValues: Object.fromEntries(
        selection.selected.map((c, r) => [selectedFeatures[r], selection.pValues[c]]),
      ),
    },
    best,
    models,
    comparisons,
  };
}
