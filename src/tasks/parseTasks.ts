/**
 * Validation of task definitions as they arrive in a config (JSON): every problem names the config
 * key (`tasks[1].negative`) and is found before any fitting.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { TASK_NAME_PATTERN, type TaskSpec } from './taskSpec.js';

export class TaskSpecError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'TaskSpecError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function statusList(value: unknown, field: string): Her2Status[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TaskSpecError(
      field,
      `must be a non-empty array of HER2 statuses (${HER2_STATUSES.join(', ')})`,
    );
  }
  const out: Her2Status[] = [];
  value.forEach((s, i) => {
    if (typeof s !== 'string' || !(HER2_STATUSES as readonly string[]).includes(s)) {
      throw new TaskSpecError(
        `${field}[${i}]`,
        `unknown HER2 status ${JSON.stringify(s)} (known: ${HER2_STATUSES.join(', ')})`,
      );
    }
    if (out.includes(s as Her2Status)) throw new TaskSpecError(`${field}[${i}]`, `repeats status "${s}"`);
    out.push(s as Her2Status);
  });
  return out;
}

function parseTask(value: unknown, field: string): TaskSpec {
  if (!isObject(value)) throw new TaskSpecError(field, 'must be an object {name, positive, negative}');
  for (const key of Object.keys(value)) {
    if (!['name', 'positive', 'negative', 'subgroup'].includes(key)) {
      throw new TaskSpecError(`${field}.${key}`, 'unknown key (known: name, positive, negative, subgroup)');
    }
  }
  const { name } = value;
  if (typeof name !== 'string' || !TASK_NAME_PATTERN.test(name)) {
    throw new TaskSpecError(`${field}.name`, `must match ${TASK_NAME_PATTERN.source}`);
  }
  const positive = statusList(value.positive, `${field}.positive`);
  const negative = value.negative === 'rest' ? 'rest' : statusList(value.negative, `${field}.negative`);
  if (negative !== 'rest') {
    const both = negative.find((s) => positive.includes(s));
    if (both) throw new TaskSpecError(`${field}.negative`, `status "${both}" is on both sides`);
  } else if (positive.length === HER2_STATUSES.length) {
    throw new TaskSpecError(`${field}.negative`, '"rest" is empty: every status is positive');
  }
  const task: TaskSpec = { name, positive, negative };
  if (value.subgroup !== undefined) {
    const sg = value.subgroup;
    if (!isObject(sg) || typeof sg.column !== 'string' || sg.column.length === 0) {
      throw new TaskSpecError(`${field}.subgroup`, 'must be {column: "<categorical column>", levels: [...]}');
    }
    const levels = sg.levels;
    if (
      !Array.isArray(levels) ||
      levels.length === 0 ||
      levels.some((l) => typeof l !== 'string' || l === '')
    ) {
      throw new TaskSpecError(`${field}.subgroup.levels`, 'must be a non-empty array of level names');
    }
    task.subgroup = { column: sg.column, levels: [...new Set(levels as string[])] };
  }
  return task;
}

/** Parses the `tasks` config value: a non-empty array of task definitions with distinct names. */
export function parseTaskSpecs(value: unknown, field = 'tasks'): TaskSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TaskSpecError(field, 'must be a non-empty array of task definitions');
  }
  const tasks = value.map((t, i) => parseTask(t, `${field}[${i}]`));
  const seen = new Set<string>();
  tasks.forEach((t, i) => {
    if (seen.has(t.name))
      throw new TaskSpecError(`${field}[${i}].name`, `task name "${t.name}" is used twice`);
    seen.add(t.name);
  });
  return tasks;
}
