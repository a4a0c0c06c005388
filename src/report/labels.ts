/** Human-readable names for tasks, classifiers and sets, in the paper's wording and order. */
import type { ClassifierKind } from '../classifiers/classifier.js';
import type { Her2Status, SetName } from '../cohort/cohort.js';

export const REPORT_TASKS: readonly Her2Status[] = ['over', 'low', 'zero'];
export const REPORT_CLASSIFIERS: readonly ClassifierKind[] = ['lr', 'knn', 'svm', 'rf'];
export const REPORT_SETS: readonly SetName[] = ['training', 'validation', 'external'];

const CLASS_LABELS: Record<Her2Status, string> = {
  over: 'HER2-over',
  low: 'HER2-low',
  zero: 'HER2-zero',
};

const CLASSIFIER_LABELS: Record<ClassifierKind, string> = { lr: 'LR', knn: 'KNN', svm: 'SVM', rf: 'RF' };

const SET_LABELS: Record<SetName, string> = {
  training: 'Training set',
  validation: 'Internal validation set',
  external: 'External validation set',
};

export function classLabel(status: Her2Status): string {
  return CLASS_LABELS[status] ?? String(status);
}

/** "HER2-over-expression vs. others". */
export function taskLabel(task: Her2Status): string {
  return `${classLabel(task)}-expression vs. others`;
}

export function classifierLabel(kind: ClassifierKind): string {
  return CLASSIFIER_LABELS[kind] ?? String(kind).toUpperCase();
}

export function setLabel(set: SetName): string {
  return SET_LABELS[set] ?? String(set);
}
