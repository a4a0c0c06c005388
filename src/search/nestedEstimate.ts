/**
 * The honest estimate of what the search finds: in each outer fold of the training rows the whole
 * search (sampling aside: the same pipelines) reruns on the outer-training part alone, makes its
 * choice by its own inner CV, is fitted on that part and scored on the held-out outer fold. The
 * mean of those AUCs is the search's CV AUC; the inner maximum over many pipelines is optimistic.
 */
import { applyCalibrator, type CalibrationMethod } from '../calibration/calibrator.js';
import { CLASSIFIER_SPECS } from '../classifiers/index.js';
import { aucMannWhitney } from '../stats/auc.js';
import { deriveSeed } from '../stats/random.js';
import { stratifiedKFold } from '../stats/split.js';
import { fitPipelineDesign, scaledRows, type TaskData } from './pipelineDesign.js';
import { searchPipelines } from './pipelineSearch.js';
import { chooseFromSearch, type SearchChoice } from './searchChoice.js';
import { pipelineLabel, type PipelineSpec } from './searchSpace.js';

/**
 * Outer folds of the nested estimate: at most 3, as each reruns the whole search (the estimate needs
 * held-out outer folds, not many of them; the inner CV keeps the configured fold count).
 */
export const NESTED_OUTER_FOLDS = 3;

export interface NestedEstimate {
  auc: number;
  folds: { auc: number; chosen: string }[];
}

export interface NestedInput {
  data: TaskData;
  trainingRows: Int32Array;
  pipelines: readonly PipelineSpec[];
  cvFolds: number;
  ensembleSize: number;
  calibration: CalibrationMethod;
  seed: number;
  onPipelineDone?: () => void;
}

export const choiceLabel = (choice: Pick<SearchChoice, 'kind' | 'members'>): string =>
  choice.kind === 'ensemble'
    ? `ensemble of the top ${choice.members.length}`
    : pipelineLabel(choice.members[0].spec);

/** Scores of `testRows` by the choice refitted on `fitRows` (members calibrated by their inner maps). */
export function scoreChoice(
  data: TaskData,
  choice: SearchChoice,
  fitRows: Int32Array,
  testRows: Int32Array,
  seed: number,
): Float64Array {
  const mean = new Float64Array(testRows.length);
  choice.members.forEach((member, m) => {
    const { spec } = member;
    const design = fitPipelineDesign(data, spec, fitRows, deriveSeed(seed, 'selection'));
    const model = CLASSIFIER_SPECS[spec.classifier].fit(
      scaledRows(design, fitRows),
      Uint8Array.from(fitRows, (i) => data.labels[i]),
      spec.hyperparameters,
      deriveSeed(seed, 'refit'),
    );
    const probabilities = applyCalibrator(
      choice.memberCalibrators[m],
      model.score(scaledRows(design, testRows)),
    );
    for (let t = 0; t < mean.length; t++) mean[t] += probabilities[t] / choice.members.length;
  });
  return mean;
}

export function nestedEstimate(input: NestedInput): NestedEstimate {
  const { data, trainingRows } = input;
  const labels = Uint8Array.from(trainingRows, (i) => data.labels[i]);
  const outer = stratifiedKFold(
    labels,
    Math.min(NESTED_OUTER_FOLDS, input.cvFolds),
    deriveSeed(input.seed, 'outer-folds'),
  );
  const folds = outer.map((fold, k) => {
    const fitRows = Int32Array.from(fold.train as ArrayLike<number>, (m) => trainingRows[m]);
    const testRows = Int32Array.from(fold.test as ArrayLike<number>, (m) => trainingRows[m]);
    const seed = deriveSeed(input.seed, 'outer', k);
    const result = searchPipelines({
      data,
      rows: fitRows,
      pipelines: input.pipelines,
      cvFolds: input.cvFolds,
      seed,
      onPipelineDone: input.onPipelineDone,
    });
    const choice = chooseFromSearch(result, input.ensembleSize, input.calibration);
    const scores = scoreChoice(data, choice, fitRows, testRows, seed);
    const auc = aucMannWhitney(
      scores,
      Uint8Array.from(testRows, (i) => data.labels[i]),
    );
    return { auc, chosen: choiceLabel(choice) };
  });
  return { auc: folds.reduce((s, f) => s + f.auc, 0) / folds.length, folds };
}
