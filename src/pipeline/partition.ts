/**
 * Stage 2: which patients train, which validate internally, which are the untouched external set.
 * External = rows of the configured external sites (plus rows whose `set` column says external).
 * Development rows are split 7:3 stratified by HER2 status and seeded, unless the cohort's `set`
 * column fixes the split (config.split = 'column', the default when the column is present).
 */
import { HER2_STATUSES, type Cohort } from '../cohort/cohort.js';
import { stratifiedSplit } from '../stats/split.js';
import { TrainingInputError } from './errors.js';
import type { TrainingConfig } from './config.js';

export interface CohortPartition {
  training: Int32Array;
  validation: Int32Array;
  external: Int32Array;
  /** How the split was made, for provenance. */
  method: 'set-column' | 'stratified-random';
}

export function partitionCohort(cohort: Cohort, config: TrainingConfig, seed: number): CohortPartition {
  const knownSites = [...new Set(cohort.sites)];
  for (const site of config.externalSites) {
    if (!knownSites.includes(site)) {
      throw new TrainingInputError(
        `external site "${site}" does not occur in ${cohort.source} (sites: ${knownSites.join(', ')})`,
      );
    }
  }
  const externalSite = new Set(config.externalSites);
  const n = cohort.patientIds.length;
  const external: number[] = [];
  const development: number[] = [];
  for (let i = 0; i < n; i++) {
    if (externalSite.has(cohort.sites[i]) || cohort.sets?.[i] === 'external') external.push(i);
    else development.push(i);
  }

  let training: number[];
  let validation: number[];
  let method: CohortPartition['method'];
  if (config.split === 'column' && cohort.sets) {
    training = development.filter((i) => cohort.sets![i] === 'training');
    validation = development.filter((i) => cohort.sets![i] === 'validation');
    method = 'set-column';
  } else {
    const split = stratifiedSplit(
      development.map((i) => cohort.labels[i]),
      { trainFraction: config.trainFraction, seed },
    );
    training = Array.from(split.train, (k) => development[k]).sort((a, b) => a - b);
    validation = Array.from(split.validation, (k) => development[k]).sort((a, b) => a - b);
    method = 'stratified-random';
  }

  for (const status of HER2_STATUSES) {
    const count = training.filter((i) => cohort.labels[i] === status).length;
    if (count < config.cvFolds) {
      throw new TrainingInputError(
        `${cohort.source}: the training set has ${count} HER2-${status} patient(s); ` +
          `at least ${config.cvFolds} are needed for ${config.cvFolds}-fold cross-validation`,
      );
    }
  }
  if (validation.length === 0) {
    throw new TrainingInputError(`${cohort.source}: the internal validation set is empty`);
  }
  if (config.selectBestBy === 'validation') {
    // Every one-vs-rest task needs both of its classes on validation, or its validation AUC is
    // undefined and "the best classifier" would silently be the first one configured.
    for (const status of HER2_STATUSES) {
      if (!validation.some((i) => cohort.labels[i] === status)) {
        throw new TrainingInputError(
          `${cohort.source}: the internal validation set has no HER2-${status} patient, so the ${status}-vs-rest ` +
            `classifiers cannot be compared on validation AUC (use selectBestBy "cv" or a split with every class)`,
        );
      }
    }
  }
  return {
    training: Int32Array.from(training),
    validation: Int32Array.from(validation),
    external: Int32Array.from(external),
    method,
  };
}
