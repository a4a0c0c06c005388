/**
 * The search preset's step in training: for a task whose paper pipeline fitTask has fitted, the
 * task's data as the search reads it (the same reliable candidates, labels, clinical inputs and
 * sets), then the search itself (searchTask.ts).
 */
import type { SetName } from '../cohort/cohort.js';
import { deriveSeed } from '../stats/random.js';
import { restrictRows, taskLabels } from '../tasks/taskSpec.js';
import { clinicalColumn } from './clinicalInputs.js';
import { SEARCH_DEFAULTS } from './config.js';
import type { FittedTask, TaskInput } from './fitTask.js';
import { searchTask, type SearchedTask } from './searchTask.js';

/** The task's input as fitTask read it, and the paper pipeline it fitted. */
export interface SearchStageInput extends Omit<TaskInput, 'onClassifierStart'> {
  paper: FittedTask;
  onProgress?: (done: number, total: number) => void;
}

export function runSearchStage(input: SearchStageInput): SearchedTask {
  const { task, cohort, config, paper } = input;
  const { labels, included } = taskLabels(task, cohort.labels, input.subgroupLevels);
  const sets: Record<SetName, Int32Array> = {
    training: restrictRows(input.sets.training, included),
    validation: restrictRows(input.sets.validation, included),
    external: restrictRows(input.sets.external, included),
  };
  const clinicalFeatures = paper.artifact.clinicalFeatures;
  return searchTask({
    data: {
      candidates: input.candidates,
      clinicalColumns: clinicalFeatures.map((name) => clinicalColumn(cohort, name)),
      labels,
      selectorOptions: {
        pThreshold: config.pThreshold,
        univariateTest: config.univariateTest,
        mrmrK: config.mrmrK,
        mrmrCriterion: config.mrmrCriterion,
        mrmrBins: config.mrmrBins,
        cvFolds: config.cvFolds,
      },
    },
    clinicalFeatures,
    sets,
    config: {
      ...config,
      searchBudget: config.searchBudget ?? SEARCH_DEFAULTS.searchBudget,
      ensembleSize: config.ensembleSize ?? SEARCH_DEFAULTS.ensembleSize,
    },
    paper: { classifier: paper.artifact.best, probabilities: paper.probabilities },
    seed: deriveSeed(input.seed, 'search'),
    onProgress: input.onProgress,
  });
}
