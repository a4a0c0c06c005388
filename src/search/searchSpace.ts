/**
 * The pipelines the search preset may try: every selector at each of its sizes (mRMR's k, the
 * univariate p threshold, the lasso penalty as a share of λ_max, the number of principal components)
 * times every configured classifier at every point of its documented grid. A budget of B pipelines
 * is a seeded random sample of B of them, so the same seed tries the same pipelines.
 */
import type { ClassifierKind, Hyperparameters } from '../classifiers/classifier.js';
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import { SELECTOR_KINDS, type SelectorKind } from '../featureSelection/selector.js';
import { createRng, shuffleInPlace } from '../stats/random.js';

/** Sizes per selector; what a size means depends on the selector (see the module comment). */
export const SELECTOR_SIZES: Record<SelectorKind, readonly number[]> = {
  'welch-mrmr': [2, 4, 8, 12, 16, 24],
  univariate: [0.0001, 0.001, 0.01],
  'location-scale': [4, 8, 12],
  lasso: [0.5, 0.35, 0.25, 0.15],
  pca: [1, 2, 3, 5, 8, 10],
};

export interface PipelineSpec {
  selector: SelectorKind;
  size: number;
  classifier: ClassifierKind;
  hyperparameters: Hyperparameters;
}

/** A short label for tables and progress: "pca(5) + lr C=1". */
export function pipelineLabel(spec: PipelineSpec): string {
  const hp = Object.entries(spec.hyperparameters)
    .filter(([k]) => k !== 'nEstimators' && k !== 'maxFeatures')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${spec.selector}(${spec.size}) + ${spec.classifier}${hp ? ` ${hp}` : ''}`;
}

/**
 * `budget` pipelines from the space, reproducibly from the seed: every selector-size × classifier
 * pair gets one randomly drawn grid point (pairs in a seeded random order) before any pair gets a
 * second, so a small budget still spreads over selectors and classifiers rather than over the
 * largest grids.
 */
export function samplePipelines(
  classifiers: readonly ClassifierKind[],
  budget: number,
  seed: number,
): PipelineSpec[] {
  const rng = createRng(seed);
  const groups = SELECTOR_KINDS.flatMap((selector) =>
    SELECTOR_SIZES[selector].flatMap((size) =>
      classifiers.map((classifier) =>
        shuffleInPlace(
          CLASSIFIER_SPECS[classifier].grid.map((hyperparameters) => ({
            selector,
            size,
            classifier,
            hyperparameters: { ...hyperparameters },
          })),
          rng,
        ),
      ),
    ),
  );
  shuffleInPlace(groups, rng);
  const picked: PipelineSpec[] = [];
  for (let round = 0; picked.length < budget; round++) {
    const before = picked.length;
    for (const group of groups) {
      if (round < group.length && picked.length < budget) picked.push(group[round]);
    }
    if (picked.length === before) break;
  }
  return picked;
}
