/**
 * A real artifact given one categorical input that no task uses. The loader then requires it and
 * checks its level like any categorical input, so predictions exercise the categorical path (level
 * names as strings, 400 for an unknown level) while the scores stay those of the original model.
 * Cheaper than training a categorical model, and enough for input handling.
 */
import type { ModelArtifact } from '../../../src/model/artifact.js';
import { computeArtifactId } from '../../../src/model/artifactId.js';

export const CATEGORICAL_COLUMN = 'mri_margin';
export const CATEGORICAL_LEVELS = ['oval', 'round', 'irregular'] as const;

export function withCategoricalInput(artifact: ModelArtifact): ModelArtifact {
  const content: ModelArtifact = {
    ...artifact,
    input: {
      ...artifact.input,
      categorical: {
        ...artifact.input.categorical,
        [CATEGORICAL_COLUMN]: { levels: [...CATEGORICAL_LEVELS] },
      },
    },
  };
  return { ...content, id: computeArtifactId(content) };
}
