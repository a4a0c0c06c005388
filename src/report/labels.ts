/** Human-readable names for tasks, classifiers and sets, in the paper's wording and order. */
import type { ClassifierKind } from '../classifiers/classifier.js';
import { HER2_STATUSES, type Her2Status, type SetName } from '../cohort/cohort.js';
import { describeTask, isOneVsRest, statusLabel, type TaskSpec } from '../tasks/taskSpec.js';

/** The paper's task order; other tasks follow in the artifact's order. */
export const REPORT_TASKS: readonly Her2Status[] = ['over', 'low', 'zero'];
export const REPORT_CLASSIFIERS: readonly ClassifierKind[] = ['lr', 'knn', 'svm', 'rf'];
export const REPORT_SETS: readonly SetName[] = ['training', 'validation', 'external'];

const CLASSIFIER_LABELS: Record<ClassifierKind, string> = { lr: 'LR', knn: 'KNN', svm: 'SVM', rf: 'RF' };

const SET_LABELS: Record<SetName, string> = {
  training: 'Training set',
  validation: 'Internal validation set',
  external: 'External validation set',
};

export function classLabel(status: Her2Status): string {
  return statusLabel(status);
}

/**
 * "HER2-over-expression vs. others" for the paper's one-vs-rest tasks; a configured task reads as
 * its definition ("HER2-low vs HER2-zero"). Older artifacts without a definition fall back to the name.
 */
export function taskLabel(name: string, definition?: TaskSpec): string {
  if (!definition) {
    return (HER2_STATUSES as readonly string[]).includes(name)
      ? `${classLabel(name as Her2Status)}-expression vs. others`
      : name;
  }
  const paper = isOneVsRest(definition) && definition.name === definition.positive[0];
  return paper ? `${classLabel(definition.positive[0])}-expression vs. others` : describeTask(definition);
}

export function classifierLabel(kind: ClassifierKind): string {
  return CLASSIFIER_LABELS[kind] ?? String(kind).toUpperCase();
}

export function setLabel(set: SetName): string {
  return SET_LABELS[set] ?? String(set);
}
