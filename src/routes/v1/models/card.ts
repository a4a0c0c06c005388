/** The model card: what GET /v1/models/:id returns, built from an artifact (no classifier internals). */
import type { TaskSpec } from '../../../tasks/taskSpec.js';
import type { ModelArtifact, SetMetrics, TaskName } from '../../../model/artifact.js';
import { type ModelInfo, modelInfo } from '../../schemas.js';

export interface ClassifierCard {
  hyperparameters: Record<string, number | string>;
  cvAuc: number;
  threshold: number;
  calibration: { method: string };
  metrics: Partial<Record<'training' | 'validation' | 'external', SetMetrics>>;
}

export interface TaskCard {
  definition: TaskSpec;
  description: string;
  best: string;
  selectedFeatures: string[];
  clinicalFeatures: string[];
  selection: Record<string, unknown>;
  classifiers: Record<string, ClassifierCard>;
  comparisons: Record<string, unknown>[];
}

export interface ModelCard {
  model: ModelInfo;
  intendedUse: string;
  provenance: Record<string, unknown>;
  input: {
    features: string[];
    clinical: string[];
    categorical: Record<string, { levels: string[] }>;
    missingPolicy: string;
  };
  cohortSummary: Record<string, unknown>;
  coupling: { method: string; description: string };
  tasks: Record<TaskName, TaskCard>;
}

export function buildModelCard(a: ModelArtifact, activeId: string | null | undefined): ModelCard {
  const tasks = {} as Record<TaskName, TaskCard>;
  for (const [t, task] of Object.entries(a.tasks)) {
    const classifiers: Record<string, ClassifierCard> = {};
    for (const [kind, r] of Object.entries(task.models)) {
      classifiers[kind] = {
        hyperparameters: r.hyperparameters,
        cvAuc: r.cvAuc,
        threshold: r.threshold,
        calibration: { method: r.calibration.method },
        metrics: r.metrics,
      };
    }
    tasks[t] = {
      definition: task.definition,
      description: task.description,
      best: task.best,
      selectedFeatures: task.selectedFeatures,
      clinicalFeatures: task.clinicalFeatures,
      selection: task.selection as unknown as Record<string, unknown>,
      classifiers,
      comparisons: task.comparisons as unknown as Record<string, unknown>[],
    };
  }
  return {
    model: modelInfo(a, activeId),
    intendedUse: a.intendedUse,
    provenance: a.provenance as unknown as Record<string, unknown>,
    input: {
      features: a.input.features,
      clinical: a.input.clinical,
      categorical: a.input.categorical ?? {},
      missingPolicy: a.input.missing.policy,
    },
    cohortSummary: a.cohortSummary as unknown as Record<string, unknown>,
    coupling: a.coupling,
    tasks,
  };
}
