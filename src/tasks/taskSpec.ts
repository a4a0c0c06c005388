/**
 * A task is data: which HER2 statuses are its positive class and which its negative one
 * ("rest" = every other status), optionally restricted to a subgroup of patients defined by a
 * categorical column (the MRI study analyses mass and non-mass-enhancement lesions separately).
 * Rows whose status is on neither side, or outside the subgroup, take no part in the task's
 * training or evaluation.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';

export interface TaskSubgroup {
  /** A categorical column of the cohort. */
  column: string;
  /** Levels of that column that belong to the subgroup. */
  levels: string[];
}

export interface TaskSpec {
  /** Matches TASK_NAME_PATTERN; keys the artifact's `tasks`. */
  name: string;
  positive: Her2Status[];
  negative: Her2Status[] | 'rest';
  subgroup?: TaskSubgroup;
}

export const TASK_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** The paper's three one-vs-rest tasks, each named by its positive status. */
export const DEFAULT_TASKS: readonly TaskSpec[] = HER2_STATUSES.map((status) => ({
  name: status,
  positive: [status],
  negative: 'rest' as const,
}));

/** The statuses on the negative side of a task. */
export function negativeStatuses(task: TaskSpec): Her2Status[] {
  return task.negative === 'rest'
    ? HER2_STATUSES.filter((s) => !task.positive.includes(s))
    : [...task.negative];
}

/** True when the task is "one status vs all others", i.e. a term of the three-class coupling. */
export function isOneVsRest(task: TaskSpec): boolean {
  return (
    task.positive.length === 1 && negativeStatuses(task).length === HER2_STATUSES.length - 1 && !task.subgroup
  );
}

const STATUS_LABELS: Record<Her2Status, string> = { over: 'HER2-over', low: 'HER2-low', zero: 'HER2-zero' };

export function statusLabel(status: Her2Status): string {
  return STATUS_LABELS[status] ?? String(status);
}

function sideLabel(statuses: readonly Her2Status[]): string {
  return statuses.map(statusLabel).join(' or ');
}

/** "HER2-low vs HER2-zero", "HER2-over vs. others", with the subgroup when there is one. */
export function describeTask(task: TaskSpec): string {
  const negative = task.negative === 'rest' ? 'others' : sideLabel(task.negative);
  const core = `${sideLabel(task.positive)} vs${task.negative === 'rest' ? '.' : ''} ${negative}`;
  return task.subgroup ? `${core} (${task.subgroup.column} ∈ {${task.subgroup.levels.join(', ')}})` : core;
}

/** What the task's probability means, for API descriptions. */
export function describeProbability(task: TaskSpec): string {
  const positive = sideLabel(task.positive);
  const within = [...task.positive, ...negativeStatuses(task)];
  const condition = within.length === HER2_STATUSES.length ? '' : ` given the status is ${sideLabel(within)}`;
  const subgroup = task.subgroup
    ? `${condition ? ' and' : ' given'} ${task.subgroup.column} is ${task.subgroup.levels.join(' or ')}`
    : '';
  return `calibrated P(${positive}${condition}${subgroup})${condition || subgroup ? ' (conditional)' : ''}`;
}

/**
 * Per patient: 1 positive, 0 negative (the label), and whether the patient takes part in the task
 * at all (`included`): its status is on one side and it is inside the subgroup.
 */
export function taskLabels(
  task: TaskSpec,
  statuses: readonly Her2Status[],
  subgroupLevels?: readonly string[],
): { labels: Uint8Array; included: Uint8Array } {
  const negatives = new Set(negativeStatuses(task));
  const positives = new Set(task.positive);
  const inGroup = task.subgroup ? new Set(task.subgroup.levels) : undefined;
  const labels = new Uint8Array(statuses.length);
  const included = new Uint8Array(statuses.length);
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i];
    labels[i] = positives.has(s) ? 1 : 0;
    const onASide = positives.has(s) || negatives.has(s);
    const inside = !inGroup || (subgroupLevels !== undefined && inGroup.has(subgroupLevels[i]));
    included[i] = onASide && inside ? 1 : 0;
  }
  return { labels, included };
}

/** The rows of `rows` a task includes. */
export function restrictRows(rows: Int32Array, included: Uint8Array): Int32Array {
  return rows.filter((i) => included[i] === 1);
}
