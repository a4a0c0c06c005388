/**
 * Reading artifacts written by earlier versions, so an upgrade never loses a working model: a
 * schema-1 artifact (the three one-vs-rest tasks, welch-mrmr selection, no categorical inputs) is
 * converted in memory to the current schema. Its integrity is checked on the file as written (its id
 * is the content address of the schema-1 document) before the conversion; the converted artifact
 * keeps that id, and says where it came from in `upgradedFrom`. Its logistic regressions keep scoring
 * the probability their calibration maps were fitted on (schema 2 calibrates the logit).
 */
import type { ModelArtifact, TaskArtifact } from './artifact.js';

interface SchemaOneTask {
  positive: 'over' | 'low' | 'zero';
  selection: {
    candidates: number;
    passedTTest: number;
    pThreshold: number;
    mrmrCriterion: 'MID' | 'MIQ';
    k: number;
    pValues: Record<string, number>;
  };
}

/** Schema-1 logistic regression scored (and was calibrated on) the probability, not the logit. */
function upgradeModels(models: TaskArtifact['models']): TaskArtifact['models'] {
  const lr = models.lr;
  if (!lr) return models;
  const classifier = {
    ...lr.classifier,
    state: { ...(lr.classifier.state as object), scoreScale: 'probability' },
  };
  return { ...models, lr: { ...lr, classifier } };
}

function upgradeTask(name: string, task: TaskArtifact & SchemaOneTask): TaskArtifact {
  const { positive, selection, ...rest } = task;
  return {
    ...rest,
    models: upgradeModels(rest.models),
    definition: { name, positive: [positive], negative: 'rest' },
    description: `HER2-${positive} vs. others`,
    selection: {
      kind: 'welch-mrmr',
      candidates: selection.candidates,
      passedFilter: selection.passedTTest,
      scores: selection.pValues,
      details: {
        test: 'welch',
        pThreshold: selection.pThreshold,
        mrmrCriterion: selection.mrmrCriterion,
        k: selection.k,
      },
    },
  };
}

/** The schema-1 artifact as a current one (the argument is not modified). */
export function upgradeSchemaOne(artifact: ModelArtifact): ModelArtifact {
  const tasks = artifact.tasks as unknown as Record<string, TaskArtifact & SchemaOneTask>;
  return {
    ...artifact,
    schemaVersion: 2,
    upgradedFrom: 1,
    input: { ...artifact.input, categorical: {} },
    tasks: Object.fromEntries(Object.entries(tasks).map(([name, t]) => [name, upgradeTask(name, t)])),
  };
}
