/** Compact per-version information derived from an artifact (what GET /v1/models lists). */
import type { ModelArtifact, SetMetrics, TaskName } from '../model/artifact.js';
import type { SetName } from '../cohort/cohort.js';

export const SYNTHETIC_WARNING =
  'This model was trained on synthetic data. Its predictions and metrics are not clinical evidence and must not be used for patient care.';

export interface AucSummary {
  auc: number;
  ci95: [number, number];
}

export interface TaskSummary {
  description: string;
  best: string;
  selectedFeatures: number;
  training?: AucSummary;
  validation?: AucSummary;
  external?: AucSummary;
}

export interface ModelSummary {
  id: string;
  createdAt: string;
  synthetic: boolean;
  cohortSource: string;
  tasks: Record<TaskName, TaskSummary>;
}

function auc(m: SetMetrics | undefined): AucSummary | undefined {
  return m ? { auc: m.auc, ci95: [m.ci95[0], m.ci95[1]] } : undefined;
}

export function summarizeArtifact(a: ModelArtifact): ModelSummary {
  const tasks = {} as Record<TaskName, TaskSummary>;
  for (const [t, task] of Object.entries(a.tasks)) {
    const best = task.models[task.best];
    const s: TaskSummary = {
      description: task.description,
      best: task.best,
      selectedFeatures: task.selectedFeatures.length,
    };
    for (const set of ['training', 'validation', 'external'] as const satisfies readonly SetName[]) {
      const v = auc(best?.metrics[set]);
      if (v) s[set] = v;
    }
    tasks[t] = s;
  }
  return {
    id: a.id,
    createdAt: a.createdAt,
    synthetic: a.synthetic,
    cohortSource: a.provenance.cohortSource,
    tasks,
  };
}

/** The internal-validation AUC of the best classifier of task `t`, if recorded. */
export function validationAuc(a: ModelArtifact, t: TaskName): number | undefined {
  const task = Object.hasOwn(a.tasks, t) ? a.tasks[t] : undefined;
  const v = task?.models[task.best]?.metrics.validation?.auc;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
