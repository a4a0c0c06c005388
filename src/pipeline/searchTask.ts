/**
 * The `search` preset for one task, after the paper's pipeline has been fitted (fitTask): search the
 * sampled pipelines on the training rows by inner CV, choose (one pipeline or the top-N ensemble),
 * estimate that choice honestly by nested CV, fit it on all training rows, evaluate it on every set
 * and test it against the paper's pipeline with the paired DeLong test. Validation and external rows
 * are only evaluated here, never read by a fit or a choice.
 */
import { applyCalibrator, fitCalibrator } from '../calibration/calibrator.js';
import type { ClassifierKind } from '../classifiers/classifier.js';
import type { SetName } from '../cohort/cohort.js';
import { evaluateBinary } from '../evaluation/binaryMetrics.js';
import type { SetMetrics } from '../evaluation/binaryMetrics.js';
import type { SearchComparison, ServedPipeline, TaskSearch } from '../model/searchArtifact.js';
import { fitMember } from '../search/fitMember.js';
import { choiceLabel, NESTED_OUTER_FOLDS, nestedEstimate } from '../search/nestedEstimate.js';
import type { TaskData } from '../search/pipelineDesign.js';
import { searchPipelines } from '../search/pipelineSearch.js';
import { chooseFromSearch } from '../search/searchChoice.js';
import { pipelineLabel, samplePipelines } from '../search/searchSpace.js';
import { pairedDeLongTest } from '../stats/delong.js';
import { deriveSeed } from '../stats/random.js';
import { youdenThreshold } from '../stats/youden.js';
import type { TrainingConfig } from './config.js';

export interface SearchTaskInput {
  data: TaskData;
  clinicalFeatures: readonly string[];
  /** The task's rows per set. */
  sets: Record<SetName, Int32Array>;
  config: Pick<
    TrainingConfig,
    'classifiers' | 'cvFolds' | 'calibration' | 'calibrationBins' | 'selectBestBy'
  > & { searchBudget: number; ensembleSize: number };
  /** The paper's pipeline: the classifier its rule picked and its probabilities over all patients. */
  paper: { classifier: ClassifierKind; probabilities: Float64Array };
  seed: number;
  /** Called with (pipelines done, total) as the search and its nested estimate progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface SearchedTask {
  search: TaskSearch;
  /** The served model's calibrated probability for every patient. */
  probabilities: Float64Array;
}

/** Total pipeline evaluations of one task's search: the search itself and one per outer fold. */
export const searchUnits = (budget: number, cvFolds: number): number =>
  budget * (1 + Math.min(NESTED_OUTER_FOLDS, cvFolds));

export function searchTask(input: SearchTaskInput): SearchedTask {
  const { data, sets, config } = input;
  const training = sets.training;
  const pipelines = samplePipelines(
    config.classifiers,
    config.searchBudget,
    deriveSeed(input.seed, 'sample'),
  );
  const total = searchUnits(pipelines.length, config.cvFolds);
  let done = 0;
  const onPipelineDone = () => input.onProgress?.(++done, total);

  const result = searchPipelines({
    data,
    rows: training,
    pipelines,
    cvFolds: config.cvFolds,
    seed: deriveSeed(input.seed, 'search'),
    onPipelineDone,
  });
  const choice = chooseFromSearch(result, config.ensembleSize, config.calibration);
  const nested = nestedEstimate({
    data,
    trainingRows: training,
    pipelines,
    cvFolds: config.cvFolds,
    ensembleSize: config.ensembleSize,
    calibration: config.calibration,
    seed: deriveSeed(input.seed, 'nested'),
    onPipelineDone,
  });

  const fitted = choice.members.map((m, r) =>
    fitMember(data, input.clinicalFeatures, m.spec, training, {
      cvFolds: config.cvFolds,
      calibration: config.calibration,
      seed: deriveSeed(input.seed, 'member', r),
    }),
  );
  let probabilities = fitted[0].probabilities;
  let oof = fitted[0].oofProbabilities;
  let served: ServedPipeline = { members: [fitted[0].member], calibration: null };
  if (choice.kind === 'ensemble') {
    // Summed as the serving path (loadModel) sums, so served probabilities equal these bit for bit.
    const meanOf = (vectors: Float64Array[]) => {
      const mean = new Float64Array(vectors[0].length);
      for (const v of vectors) for (let i = 0; i < mean.length; i++) mean[i] += v[i] / vectors.length;
      return mean;
    };
    const trainLabels = Uint8Array.from(training, (i) => data.labels[i]);
    const oofMean = meanOf(fitted.map((f) => f.oofProbabilities));
    const calibration = fitCalibrator(config.calibration, oofMean, trainLabels);
    probabilities = applyCalibrator(calibration, meanOf(fitted.map((f) => f.probabilities)));
    oof = applyCalibrator(calibration, oofMean);
    served = { members: fitted.map((f) => f.member), calibration };
  }
  const trainLabels = Uint8Array.from(training, (i) => data.labels[i]);
  const threshold = youdenThreshold(oof, trainLabels).threshold;

  const metrics: Partial<Record<SetName, SetMetrics>> = {};
  const comparisons: SearchComparison[] = [];
  for (const set of Object.keys(sets) as SetName[]) {
    const rows = sets[set];
    if (rows.length === 0) continue;
    const labels = Uint8Array.from(rows, (i) => data.labels[i]);
    const ours = Float64Array.from(rows, (i) => probabilities[i]);
    metrics[set] = evaluateBinary(ours, labels, threshold, { bins: config.calibrationBins });
    if (set === 'training') continue;
    const test = pairedDeLongTest(
      ours,
      Float64Array.from(rows, (i) => input.paper.probabilities[i]),
      labels,
    );
    comparisons.push({
      set,
      searchAuc: test.aucA,
      paperAuc: test.aucB,
      aucDifference: test.difference,
      z: test.z,
      pValue: test.pValue,
    });
  }

  return {
    probabilities,
    search: {
      budget: config.searchBudget,
      ensembleSize: config.ensembleSize,
      candidates: result.ranked.map((s) => ({
        label: pipelineLabel(s.spec),
        ...s.spec,
        hyperparameters: { ...s.spec.hyperparameters },
        cvAuc: s.cvAuc,
      })),
      choice: choice.kind,
      chosen: choiceLabel(choice),
      innerCvAuc: choice.cvAuc,
      ensembleCvAuc: choice.ensembleCvAuc,
      nestedCvAuc: nested.auc,
      nestedFolds: nested.folds,
      paper: { classifier: input.paper.classifier, rule: config.selectBestBy },
      threshold,
      metrics,
      comparisons,
      served,
    },
  };
}
