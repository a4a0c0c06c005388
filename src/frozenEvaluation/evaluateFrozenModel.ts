/**
 * Frozen-model evaluation: an existing model artifact scored on a new labelled cohort, per task,
 * overall and per site — what a second centre does before trusting a model. Nothing is refitted:
 * the model's probabilities and its stored threshold are used as they are.
 *
 * Choices:
 * - Rows whose status is on neither side of a task, or outside its subgroup, take no part in that
 *   task (the training rule, tasks/taskSpec.ts: taskLabels); rows no task includes are not predicted.
 * - The classifier evaluated is the one the model predicts with (each task's `best`).
 * - Input problems (a missing or unusable value) stop the evaluation with an error naming the
 *   cohort file, row and patient. Out-of-distribution patients are refused as in prediction unless
 *   `allowOutOfDistribution`; then they are evaluated and listed.
 * - A pure function of the loaded model and the parsed cohort: no file or HTTP here. It reads the
 *   model, so it sits above the evaluation floor (src/evaluation/ holds the statistics it uses).
 */
import type { Cohort } from '../cohort/cohort.js';
import { CohortError } from '../cohort/errors.js';
import type { TaskName } from '../model/artifact.js';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  type Her2Model,
  type PatientPrediction,
} from '../model/her2Model.js';
import { describeTask, taskLabels } from '../tasks/taskSpec.js';
import { checkCohortColumns, cohortPatient } from './evaluationCohort.js';
import { groupMetrics, type GroupMetrics } from '../evaluation/groupMetrics.js';

export interface TaskEvaluation {
  description: string;
  /** The classifier the model predicts this task with. */
  classifier: string;
  /** The model's stored threshold (Youden on its training rows). */
  threshold: number;
  /** Rows taking part, and rows left out because of their status or the task's subgroup. */
  rows: { included: number; excluded: number };
  overall: GroupMetrics;
  /** Per site of the cohort with at least one included row, in order of first appearance. */
  sites: Record<string, GroupMetrics>;
}

export interface FrozenEvaluation {
  kind: 'frozen-model-evaluation';
  model: { id: string; synthetic: boolean; createdAt: string };
  cohort: {
    source: string;
    sha256: string | null;
    n: number;
    synthetic: boolean;
    sites: { name: string; n: number }[];
  };
  /** True when the model or the cohort is synthetic: no number here is clinical evidence. */
  synthetic: boolean;
  /** Patients evaluated although an input lies beyond the out-of-distribution bound. */
  outOfDistribution: string[];
  /** Every patient-level warning of the model (imputed values, unknown sites), with the patient. */
  warnings: string[];
  tasks: Record<TaskName, TaskEvaluation>;
}

export interface FrozenEvaluationOptions {
  allowOutOfDistribution?: boolean;
  /** sha256 of the cohort file, for provenance. */
  cohortSha256?: string;
  /** Equal-width reliability bins (default: the model's calibrationBins, else 10). */
  bins?: number;
}

/** Re-throws a model input error as a CohortError naming the cohort file, row and patient. */
function locateInputError(error: unknown, cohort: Cohort): never {
  const located =
    error instanceof MissingInputError ||
    error instanceof InvalidInputError ||
    error instanceof NonFinitePredictionError ||
    error instanceof NotApplicableError;
  if (!located) throw error;
  const row = cohort.patientIds.indexOf(error.patientId) + 1;
  const detail = error.message
    .replace(`patient ${error.patientId}: `, '')
    .replace(`patient ${error.patientId} `, '');
  throw new CohortError(detail, { file: cohort.source, row, patientId: error.patientId });
}

function configuredBins(model: Her2Model): number {
  const bins = model.artifact.provenance?.config?.calibrationBins;
  return typeof bins === 'number' && Number.isInteger(bins) && bins >= 1 ? bins : 10;
}

export function evaluateFrozenModel(
  model: Her2Model,
  cohort: Cohort,
  options: FrozenEvaluationOptions = {},
): FrozenEvaluation {
  checkCohortColumns(model, cohort);
  const n = cohort.patientIds.length;
  const taskNames = Object.keys(model.artifact.tasks);
  const membership = taskNames.map((name) => {
    const task = model.artifact.tasks[name];
    const column = task.definition.subgroup
      ? cohort.categorical[cohort.categoricalNames.indexOf(task.definition.subgroup.column)]
      : undefined;
    return taskLabels(task.definition, cohort.labels, column);
  });
  const predictedRows = [...Array(n).keys()].filter((i) => membership.some((m) => m.included[i] === 1));

  let predictions: PatientPrediction[];
  try {
    predictions = model.predict(
      predictedRows.map((i) => cohortPatient(model, cohort, i)),
      { allowOutOfDistribution: options.allowOutOfDistribution === true },
    );
  } catch (error) {
    locateInputError(error, cohort);
  }
  const predictionOfRow = new Map(predictedRows.map((row, k) => [row, predictions[k]]));
  const bins = options.bins ?? configuredBins(model);

  const tasks: Record<TaskName, TaskEvaluation> = {};
  taskNames.forEach((name, t) => {
    const task = model.artifact.tasks[name];
    const threshold = task.models[task.best].threshold;
    const rows = predictedRows.filter((i) => membership[t].included[i] === 1);
    const metricsOf = (subset: number[]): GroupMetrics =>
      groupMetrics(
        subset.map((i) => predictionOfRow.get(i)!.tasks[name].probability!),
        subset.map((i) => membership[t].labels[i]),
        threshold,
        bins,
      );
    const sites: Record<string, GroupMetrics> = {};
    for (const site of new Set(rows.map((i) => cohort.sites[i])))
      sites[site] = metricsOf(rows.filter((i) => cohort.sites[i] === site));
    tasks[name] = {
      description: task.description ?? describeTask(task.definition),
      classifier: task.best,
      threshold,
      rows: { included: rows.length, excluded: n - rows.length },
      overall: metricsOf(rows),
      sites,
    };
  });

  const siteCounts = new Map<string, number>();
  for (const site of cohort.sites) siteCounts.set(site, (siteCounts.get(site) ?? 0) + 1);
  return {
    kind: 'frozen-model-evaluation',
    model: { id: model.id, synthetic: model.synthetic, createdAt: String(model.artifact.createdAt) },
    cohort: {
      source: cohort.source,
      sha256: options.cohortSha256 ?? null,
      n,
      synthetic: cohort.synthetic,
      sites: [...siteCounts].map(([site, count]) => ({ name: site, n: count })),
    },
    synthetic: model.synthetic || cohort.synthetic,
    outOfDistribution: predictions.filter((p) => p.outOfDistribution).map((p) => p.id),
    warnings: predictions.flatMap((p) => p.warnings.map((w) => `patient ${p.id}: ${w}`)),
    tasks,
  };
}
