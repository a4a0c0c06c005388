/**
 * Defensive look-ups into the artifact. The report must render whatever a (possibly partial or
 * older) artifact contains, so a missing task, model or set yields undefined rather than a throw.
 */
import type { ClassifierKind } from '../classifiers/classifier.js';
import type { SetName } from '../cohort/cohort.js';
import type {
  ClassifierResult,
  ModelArtifact,
  SetMetrics,
  TaskArtifact,
  TaskName,
} from '../model/artifact.js';
import { REPORT_CLASSIFIERS, REPORT_TASKS, taskLabel } from './labels.js';

export function taskOf(artifact: ModelArtifact, task: TaskName): TaskArtifact | undefined {
  return artifact.tasks?.[task];
}

/** Tasks present in the artifact: the paper's three first, in its order, then the others in the artifact's order. */
export function presentTasks(artifact: ModelArtifact): TaskName[] {
  const names = Object.keys(artifact.tasks ?? {});
  const paper: string[] = REPORT_TASKS.filter((t) => names.includes(t));
  return [...paper, ...names.filter((t) => !paper.includes(t))];
}

/** The report's label of a task of the artifact. */
export function taskTitle(artifact: ModelArtifact, name: TaskName): string {
  return taskLabel(name, taskOf(artifact, name)?.definition);
}

/** Classifiers present for a task, in the paper's column order. */
export function presentClassifiers(task: TaskArtifact): ClassifierKind[] {
  const present = Object.keys(task.models ?? {}) as ClassifierKind[];
  // The paper's column order first; a classifier added later follows in the artifact's order.
  return [
    ...REPORT_CLASSIFIERS.filter((k) => present.includes(k)),
    ...present.filter((k) => !REPORT_CLASSIFIERS.includes(k)),
  ];
}

/** Classifiers present in any task of the artifact, in the report's column order. */
export function artifactClassifiers(artifact: ModelArtifact): ClassifierKind[] {
  const all = new Set(Object.values(artifact.tasks ?? {}).flatMap((t) => presentClassifiers(t)));
  return [
    ...REPORT_CLASSIFIERS.filter((k) => all.has(k)),
    ...[...all].filter((k) => !REPORT_CLASSIFIERS.includes(k)),
  ];
}

export function modelOf(task: TaskArtifact | undefined, kind: ClassifierKind): ClassifierResult | undefined {
  return task?.models?.[kind];
}

export function metricsOf(
  task: TaskArtifact | undefined,
  kind: ClassifierKind,
  set: SetName,
): SetMetrics | undefined {
  return modelOf(task, kind)?.metrics?.[set];
}
