/**
 * The training pipeline: cohort → partition → reliability → (per task) selection → classifiers →
 * calibration → evaluation → one self-contained ModelArtifact. Pure apart from the progress callback:
 * file reading, hashing the cohort file and package versions are the caller's job.
 */
import { basename } from 'node:path';
import type { ClassifierKind } from '../classifiers/classifier.js';
import { loadSvmBackend } from '../classifiers/svm.js';
import type { Cohort, RepeatMeasurement, SetName } from '../cohort/cohort.js';
import { namedCombatFeatures } from '../harmonisation/combat.js';
import { empiricalQuantiles } from '../harmonisation/quantileMapping.js';
import { applyMedianImputer, fitMedianImputer } from '../inputs/medianImputer.js';
import type { SelectionCandidate } from '../featureSelection/selector.js';
import { fitCategoricalEncodings } from '../inputs/fitCategorical.js';
import type { CategoricalEncoding } from '../inputs/categoricalEncoding.js';
import {
  ARTIFACT_SCHEMA_VERSION,
  type FeatureRange,
  type ModelArtifact,
  type TaskArtifact,
} from '../model/artifact.js';
import { computeArtifactId } from '../model/artifactId.js';
import { COUPLING_DESCRIPTION, NO_COUPLING_DESCRIPTION, oneVsRestTaskNames } from '../model/coupling.js';
import { deriveSeed } from '../stats/random.js';
import { clinicalColumn, rawClinicalColumns } from './clinicalInputs.js';
import { summariseCohort } from './cohortSummary.js';
import { SEARCH_DEFAULTS, type TrainingConfig } from './config.js';
import { TrainingInputError } from './errors.js';
import { fitTask, type FittedTask } from './fitTask.js';
import { partitionCohort } from './partition.js';
import { harmoniseFeatures } from './harmonisationStage.js';
import { reliabilityFilter } from './reliabilityStage.js';
import { runSearchStage } from './searchStage.js';
import { searchUnits } from './searchTask.js';

export const INTENDED_USE =
  'Research use: estimates HER2 expression status (over / low / zero, or the configured pairwise question such as ' +
  'HER2-low vs HER2-zero) of a breast cancer index lesion from imaging features (18F-FDG PET/CT radiomics, MRI ' +
  'descriptors and diffusion histograms) plus ER/PR, to support, not replace, IHC/ISH pathology. Not a medical device.';

export interface TrainingProgress {
  stage: string;
  percent: number;
}

export interface TrainingInput {
  cohort: Cohort;
  inter?: RepeatMeasurement;
  intra?: RepeatMeasurement;
  config: TrainingConfig;
  seed: number;
  cohortSha256: string;
  packageVersions: Record<string, string>;
  now?: () => Date;
  onProgress?: (progress: TrainingProgress) => void;
  /** Called with each fitted task (its model inputs and probabilities), e.g. to check serving against training. */
  onTaskFitted?: (name: string, task: FittedTask) => void;
}

/** Candidate inputs the search's served pipelines read (none without the search preset). */
function searchedFeatures(task: TaskArtifact): string[] {
  return (task.search?.served.members ?? []).flatMap((m) => [
    ...m.selectedFeatures,
    ...(m.projection?.inputs ?? []),
  ]);
}

function rangeOf(column: Float64Array, rows: Int32Array): FeatureRange {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const i of rows) {
    const v = column[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / rows.length;
  let ss = 0;
  for (const i of rows) ss += (column[i] - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(ss / Math.max(1, rows.length - 1)) };
}

/** Every level a task's subgroup names must occur in a training row, or the task has nothing to learn from. */
function checkSubgroups(cohort: Cohort, config: TrainingConfig, trainingRows: Int32Array): void {
  config.tasks.forEach((task, t) => {
    if (!task.subgroup) return;
    const column = cohort.categoricalNames.indexOf(task.subgroup.column);
    const values = cohort.categorical[column];
    const seen = new Set(Array.from(trainingRows, (i) => values[i]));
    const absent = task.subgroup.levels.find((level) => !seen.has(level));
    if (absent !== undefined) {
      throw new TrainingInputError(
        `config "tasks[${t}].subgroup.levels": level "${absent}" of ${task.subgroup.column} occurs in no training row of ${cohort.source}, so task "${task.name}" cannot be trained`,
      );
    }
  });
}

export async function trainModel(input: TrainingInput): Promise<ModelArtifact> {
  const { cohort, config, seed } = input;
  const report = (stage: string, percent: number) =>
    input.onProgress?.({ stage, percent: Math.round(percent) });
  if (config.classifiers.includes('svm')) await loadSvmBackend();

  report('split', 0);
  const partition = partitionCohort(cohort, config, deriveSeed(seed, 'split'));
  const sets: Record<SetName, Int32Array> = {
    training: partition.training,
    validation: partition.validation,
    external: partition.external,
  };

  const hasMissing = cohort.features.some((column) => column.some((v) => Number.isNaN(v)));
  if (hasMissing && config.missing === 'reject') {
    throw new TrainingInputError(
      `${cohort.source} has missing feature values; use the "impute-median" missing-value policy to impute them`,
    );
  }
  const imputer = hasMissing
    ? fitMedianImputer(cohort.features, partition.training, cohort.featureNames)
    : undefined;
  const imputed = imputer ? applyMedianImputer(cohort.features, imputer) : cohort.features;
  const harmonised =
    config.harmonization === 'combat'
      ? harmoniseFeatures(cohort, imputed, partition.training, config)
      : undefined;
  const columns = harmonised?.columns ?? imputed;

  checkSubgroups(cohort, config, partition.training);
  // Categorical levels are fixed (declared, or read from training rows) before anything is fitted.
  const categorical = fitCategoricalEncodings(cohort, config.categorical, partition.training);

  report('reliability', 2);
  // Reader agreement is measured on the values as read: the repeat readings are not harmonised.
  const reliability = reliabilityFilter({ ...cohort, features: imputed }, input, partition.training, {
    iccThreshold: config.iccThreshold,
    kappaThreshold: config.kappaThreshold,
  });
  if (reliability.kept.length === 0 && reliability.keptCategorical.length === 0) {
    throw new TrainingInputError(`no feature passes the ICC > ${config.iccThreshold} reliability filter`);
  }
  const candidates: SelectionCandidate[] = [
    ...reliability.kept.map((j) => ({
      name: cohort.featureNames[j],
      kind: 'continuous' as const,
      values: columns[j],
    })),
    ...reliability.keptCategorical.map((j) => {
      const name = cohort.categoricalNames[j];
      return {
        name,
        kind: 'categorical' as const,
        values: categorical.codes[j],
        levels: categorical.encodings[name].levels,
      };
    }),
  ];

  const tasks: Record<string, TaskArtifact> = {};
  const searchTotal =
    config.preset === 'search'
      ? searchUnits(config.searchBudget ?? SEARCH_DEFAULTS.searchBudget, config.cvFolds)
      : 0;
  const units = config.tasks.length * (config.classifiers.length + searchTotal);
  let done = 0;
  for (const task of config.tasks) {
    report(`selection:${task.name}`, 5 + (90 * done) / units);
    const subgroupColumn = task.subgroup ? cohort.categoricalNames.indexOf(task.subgroup.column) : -1;
    // The paper pipeline and the search read the task the same way.
    const taskInput = {
      task,
      cohort,
      candidates,
      subgroupLevels: subgroupColumn >= 0 ? cohort.categorical[subgroupColumn] : undefined,
      sets,
      config,
      seed: deriveSeed(seed, 'task', task.name),
    };
    const fitted = fitTask({
      ...taskInput,
      // Each report names the stage that starts now; percent counts the work already done.
      onClassifierStart: (kind: ClassifierKind) =>
        report(`classifier:${task.name}:${kind}`, 5 + (90 * done++) / units),
    });
    if (config.preset !== 'search') {
      tasks[task.name] = fitted.artifact;
      input.onTaskFitted?.(task.name, fitted);
      continue;
    }
    const searched = runSearchStage({
      ...taskInput,
      paper: fitted,
      onProgress: (d, total) =>
        report(`search:${task.name}: pipelines ${d} / ${total}`, 5 + (90 * (done + d)) / units),
    });
    done += searchTotal;
    tasks[task.name] = { ...fitted.artifact, search: searched.search };
    const served = Float64Array.from(searched.probabilities, (p, i) =>
      Number.isNaN(fitted.probabilities[i]) ? NaN : p,
    );
    input.onTaskFitted?.(task.name, { ...fitted, probabilities: served });
  }

  report('artifact', 96);
  const taskList = Object.values(tasks);
  const isFeature = new Set(cohort.featureNames);
  const features = [
    ...new Set(
      taskList
        .flatMap((t) => [...t.selectedFeatures, ...(t.projection?.inputs ?? []), ...searchedFeatures(t)])
        .filter((f) => isFeature.has(f)),
    ),
  ];
  const usedCategorical = new Set([
    ...taskList
      .flatMap((t) => [...t.selectedFeatures, ...searchedFeatures(t)])
      .filter((f) => Object.hasOwn(categorical.encodings, f)),
    ...config.tasks.flatMap((t) => (t.subgroup ? [t.subgroup.column] : [])),
  ]);
  const categoricalInputs: Record<string, CategoricalEncoding> = {};
  for (const name of cohort.categoricalNames) {
    if (usedCategorical.has(name)) categoricalInputs[name] = categorical.encodings[name];
  }
  const clinicalInputs = [...new Set(taskList.flatMap((t) => t.clinicalFeatures))];
  const clinical = [...new Set(clinicalInputs.flatMap(rawClinicalColumns))];
  const ranges: Record<string, FeatureRange> = {};
  for (const name of features) {
    const column = columns[cohort.featureNames.indexOf(name)];
    const training = Float64Array.from(partition.training, (i) => column[i]);
    ranges[name] = { ...rangeOf(column, partition.training), quantiles: empiricalQuantiles(training) };
  }
  for (const name of clinicalInputs) ranges[name] = rangeOf(clinicalColumn(cohort, name), partition.training);
  const medianOf: Record<string, number> = {};
  if (config.missing === 'impute-median') {
    const medians = imputer ?? fitMedianImputer(cohort.features, partition.training, cohort.featureNames);
    for (const name of features) medianOf[name] = medians.medians[cohort.featureNames.indexOf(name)];
  }
  const coupled = oneVsRestTaskNames(tasks) !== undefined;

  const content: Omit<ModelArtifact, 'id'> = {
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    createdAt: (input.now ?? (() => new Date()))().toISOString(),
    synthetic: cohort.synthetic,
    intendedUse: INTENDED_USE,
    provenance: {
      cohortSha256: input.cohortSha256,
      // Base names only: the id must not change with the folder the same bytes were read from.
      cohortSource: basename(cohort.source),
      reliability: {
        interSource: input.inter && basename(input.inter.source),
        intraSource: input.intra && basename(input.intra.source),
        ...(!input.inter && !input.intra && { iccFilterSkipped: true }),
        iccThreshold: config.iccThreshold,
        kept: reliability.kept.length,
        total: cohort.featureNames.length,
        kappaThreshold: config.kappaThreshold,
        keptCategorical: reliability.keptCategorical.length,
        totalCategorical: cohort.categoricalNames.length,
      },
      externalSites: [...new Set(Array.from(partition.external, (i) => cohort.sites[i]))].sort(),
      ...(cohort.extraction && { extraction: cohort.extraction }),
      config: { ...config, splitMethod: partition.method } as unknown as Record<string, unknown>,
      seed,
      packageVersions: input.packageVersions,
    },
    input: {
      features,
      clinical,
      categorical: categoricalInputs,
      ranges,
      missing: { policy: config.missing === 'impute-median' ? 'median' : 'reject', medians: medianOf },
      ...(harmonised && {
        harmonization: namedCombatFeatures(
          harmonised.state,
          features.map((name) => cohort.featureNames.indexOf(name)),
          cohort.featureNames,
        ),
      }),
    },
    cohortSummary: summariseCohort(cohort, sets),
    tasks,
    coupling: coupled
      ? { method: 'normalized-ovr', description: COUPLING_DESCRIPTION }
      : { method: 'none', description: NO_COUPLING_DESCRIPTION },
  };
  // JSON round trip: the artifact in memory is exactly what a reader of the file sees (NaN → null).
  const artifact = JSON.parse(JSON.stringify({ id: '', ...content })) as ModelArtifact;
  artifact.id = computeArtifactId(artifact);
  report('done', 100);
  return artifact;
}
