/**
 * One task end to end on a partitioned cohort: the task's rows (its statuses, its subgroup), feature
 * selection by the configured selector, clinical inputs, scaling, the tuned and calibrated classifiers,
 * the choice of the best one and the paired DeLong comparisons. Everything fitted reads training rows
 * only.
 */
import type { ClassifierKind } from '../classifiers/classifier.js';
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import type { Cohort, SetName } from '../cohort/cohort.js';
import { SELECTOR_SPECS } from '../featureSelection/index.js';
import { selectionColumns } from '../featureSelection/selectionColumns.js';
import type { SelectionCandidate } from '../featureSelection/selector.js';
import type { DeLongComparison, TaskArtifact } from '../model/artifact.js';
import { logisticWald, oddsRatios } from '../evaluation/oddsRatios.js';
import type { LogisticRegressionState } from '../classifiers/logisticRegression.js';
import { fitStandardScaler, transformRows } from '../preprocessing/standardScaler.js';
import { pairedDeLongTest } from '../stats/delong.js';
import { deriveSeed } from '../stats/random.js';
import { welchTTestColumns } from '../stats/tTest.js';
import { describeTask, restrictRows, taskLabels, type TaskSpec } from '../tasks/taskSpec.js';
import { assertClinicalComplete, clinicalColumn, HETEROGENEITY_INDEX } from './clinicalInputs.js';
import type { TrainingConfig } from './config.js';
import { TrainingInputError } from './errors.js';
import { fitClassifier, type FittedClassifierOutcome } from './fitClassifier.js';

export interface TaskInput {
  task: TaskSpec;
  cohort: Cohort;
  /** Reliable candidate inputs over all patients (imputed continuous features, coded categorical columns). */
  candidates: readonly SelectionCandidate[];
  /** Level per patient of the task's subgroup column, when it has one. */
  subgroupLevels?: readonly string[];
  sets: Record<SetName, Int32Array>;
  config: TrainingConfig;
  seed: number;
  /** Called as each classifier starts (progress reporting). */
  onClassifierStart?: (kind: ClassifierKind) => void;
}

export interface FittedTask {
  artifact: TaskArtifact;
  /** The best classifier's calibrated probability for every patient (NaN outside the task's rows). */
  probabilities: Float64Array;
  /** The unscaled model input columns over all patients, in `artifact.inputs` order. */
  inputColumns: Float64Array[];
}

/** Rows of the design matrix: one Float64Array per patient over the given columns. */
export function toRows(columns: readonly Float64Array[], n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from(columns, (column) => column[i]));
}

function checkClassCounts(
  task: TaskSpec,
  labels: Uint8Array,
  sets: Record<SetName, Int32Array>,
  cvFolds: number,
) {
  let positives = 0;
  for (const i of sets.training) positives += labels[i];
  const negatives = sets.training.length - positives;
  if (Math.min(positives, negatives) < cvFolds) {
    throw new TrainingInputError(
      `task "${task.name}" (${describeTask(task)}) has ${positives} positive and ${negatives} negative training ` +
        `patient(s); at least ${cvFolds} of each are needed for ${cvFolds}-fold cross-validation`,
    );
  }
}

export function fitTask(input: TaskInput): FittedTask {
  const { task, cohort, config, candidates } = input;
  const n = cohort.patientIds.length;
  const { labels, included } = taskLabels(task, cohort.labels, input.subgroupLevels);
  const sets: Record<SetName, Int32Array> = {
    training: restrictRows(input.sets.training, included),
    validation: restrictRows(input.sets.validation, included),
    external: restrictRows(input.sets.external, included),
  };
  checkClassCounts(task, labels, sets, config.cvFolds);

  const selector = SELECTOR_SPECS[config.selector];
  const selection = selector.fit({
    candidates,
    labels,
    trainingRows: sets.training,
    options: {
      pThreshold: config.pThreshold,
      univariateTest: config.univariateTest,
      mrmrK: config.mrmrK,
      mrmrCriterion: config.mrmrCriterion,
      mrmrBins: config.mrmrBins,
      cvFolds: config.cvFolds,
    },
    seed: deriveSeed(input.seed, 'selection'),
  });
  const selectedFeatures = selection.selected.map((j) => candidates[j].name);

  const imaging = selectionColumns(selection, candidates, n);

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

  const inputs = [...imaging.names, ...clinicalFeatures];
  const inputColumns = [...imaging.columns, ...clinicalColumns];
  const rawRows = toRows(inputColumns, n);
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
      seed: deriveSeed(input.seed, task.name, kind),
    });
  }

  if (outcomes.lr) {
    // Clinicians read logistic regression as odds ratios: per input, with Wald CIs on the training rows.
    const lr = outcomes.lr.result;
    const state = lr.classifier.state as LogisticRegressionState;
    const trainRows = Array.from(sets.training, (i) => rows[i]);
    const wald = logisticWald(
      trainRows,
      Uint8Array.from(sets.training, (i) => labels[i]),
      [state.intercept, ...state.coefficients],
      1 / Number(lr.hyperparameters.C),
    );
    const binary = new Set(
      inputs.filter((_, j) =>
        sets.training.every((i) => inputColumns[j][i] === 0 || inputColumns[j][i] === 1),
      ),
    );
    lr.oddsRatios = oddsRatios(wald, inputs, scaler.std, (input) => binary.has(input));
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
  const probabilities = Float64Array.from(outcomes[best].probabilities, (p, i) => (included[i] ? p : NaN));
  const artifact: TaskArtifact = {
    definition: task,
    description: describeTask(task),
    selectedFeatures,
    clinicalFeatures,
    inputs,
    ...(selection.projection ? { projection: selection.projection } : {}),
    scaler: { mean: Array.from(scaler.mean), std: Array.from(scaler.std) },
    selection: {
      kind: selection.kind,
      candidates: candidates.length,
      passedFilter: selection.passedFilter ?? null,
      scores: selection.scores,
      details: selection.details,
    },
    best,
    models,
    comparisons,
  };
  return { artifact, probabilities, inputColumns };
}
