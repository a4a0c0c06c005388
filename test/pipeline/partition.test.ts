import { describe, expect, it } from 'vitest';
import { HER2_STATUSES, type Cohort } from '../../src/cohort/cohort.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { TrainingInputError } from '../../src/pipeline/errors.js';
import { partitionCohort } from '../../src/pipeline/partition.js';
import { syntheticCohort } from './syntheticCohort.js';

const rowsWhere = (cohort: Cohort, predicate: (i: number) => boolean): number[] =>
  cohort.patientIds.map((_, i) => i).filter(predicate);

function partitionError(run: () => unknown): TrainingInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TrainingInputError);
    return error as TrainingInputError;
  }
  throw new Error('expected a TrainingInputError');
}

describe('set column', () => {
  const { cohort } = syntheticCohort();

  it('is respected as written (split = column, the default)', () => {
    const partition = partitionCohort(cohort, parseTrainingConfig({}), 1);
    expect(partition.method).toBe('set-column');
    expect(Array.from(partition.training)).toEqual(rowsWhere(cohort, (i) => cohort.sets![i] === 'training'));
    expect(Array.from(partition.validation)).toEqual(
      rowsWhere(cohort, (i) => cohort.sets![i] === 'validation'),
    );
    expect(Array.from(partition.external)).toEqual(rowsWhere(cohort, (i) => cohort.sets![i] === 'external'));
  });

  it('does not depend on the seed', () => {
    const a = partitionCohort(cohort, parseTrainingConfig({}), 1);
    const b = partitionCohort(cohort, parseTrainingConfig({}), 2);
    expect(b).toEqual(a);
  });

  it('a configured external site is external even where the set column says training', () => {
    const sites = cohort.sites.map((s, i) => (s === 'siteA' && i % 10 === 0 ? 'siteC' : s));
    const moved: Cohort = { ...cohort, sites };
    const partition = partitionCohort(moved, parseTrainingConfig({ externalSites: ['siteC'] }), 1);
    const siteC = rowsWhere(moved, (i) => sites[i] === 'siteC');
    expect(siteC.some((i) => cohort.sets![i] === 'training')).toBe(true);
    const external = new Set(partition.external);
    for (const i of siteC) expect(external.has(i)).toBe(true);
    for (const i of partition.training) expect(sites[i]).not.toBe('siteC');
    for (const i of partition.validation) expect(sites[i]).not.toBe('siteC');
    // siteB rows stay external through their set column.
    for (const i of rowsWhere(moved, (k) => sites[k] === 'siteB')) expect(external.has(i)).toBe(true);
  });
});

describe('random stratified 7:3 split', () => {
  // No set column: the development site is split at random, the other site is named external.
  const { cohort } = syntheticCohort({ setColumn: false });
  const config = parseTrainingConfig({ externalSites: ['siteB'] });
  const partition = partitionCohort(cohort, config, 11);
  const development = rowsWhere(cohort, (i) => cohort.sites[i] === 'siteA');

  it('is used when the cohort has no set column', () => {
    expect(partition.method).toBe('stratified-random');
    expect(Array.from(partition.external)).toEqual(rowsWhere(cohort, (i) => cohort.sites[i] === 'siteB'));
  });

  it('training and validation are disjoint and together are exactly the development site', () => {
    const both = [...partition.training, ...partition.validation].sort((a, b) => a - b);
    expect(both).toEqual(development);
    expect(new Set(both).size).toBe(both.length);
  });

  it('is 7:3 overall and within one patient of 7:3 in every HER2 class', () => {
    expect(partition.training.length).toBe(Math.floor(0.7 * development.length)); // 120 → 84
    for (const status of HER2_STATUSES) {
      const nClass = development.filter((i) => cohort.labels[i] === status).length;
      const nTrain = Array.from(partition.training).filter((i) => cohort.labels[i] === status).length;
      expect(Math.abs(nTrain - 0.7 * nClass)).toBeLessThan(1);
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    expect(partitionCohort(cohort, config, 11)).toEqual(partition);
    const other = partitionCohort(cohort, config, 12);
    expect(Array.from(other.training)).not.toEqual(Array.from(partition.training));
    expect(other.training.length).toBe(partition.training.length);
  });

  it('split = random ignores a set column that is present', () => {
    const withColumn = syntheticCohort().cohort;
    const random = partitionCohort(withColumn, parseTrainingConfig({ split: 'random' }), 11);
    expect(random.method).toBe('stratified-random');
    expect(Array.from(random.training)).not.toEqual(
      rowsWhere(withColumn, (i) => withColumn.sets![i] === 'training'),
    );
    // Rows marked external in the column stay external.
    expect(Array.from(random.external)).toEqual(
      rowsWhere(withColumn, (i) => withColumn.sets![i] === 'external'),
    );
  });

  it('honours trainFraction', () => {
    const half = partitionCohort(
      cohort,
      parseTrainingConfig({ externalSites: ['siteB'], trainFraction: 0.5 }),
      11,
    );
    expect(half.training.length).toBe(60);
    expect(half.validation.length).toBe(60);
  });
});

describe('errors', () => {
  const { cohort } = syntheticCohort();

  it('an external site that does not exist is named, and the known sites listed', () => {
    const error = partitionError(() =>
      partitionCohort(cohort, parseTrainingConfig({ externalSites: ['institution9'] }), 1),
    );
    expect(error.message).toContain('"institution9"');
    expect(error.message).toContain('siteA');
    expect(error.message).toContain('siteB');
  });

  it('a class with fewer training patients than CV folds', () => {
    // Only 3 HER2-zero patients in training: 5-fold CV cannot put one in every fold.
    let zeros = 0;
    const sets = cohort.sets!.map((s, i) =>
      s === 'training' && cohort.labels[i] === 'zero' && ++zeros > 3 ? ('validation' as const) : s,
    );
    const error = partitionError(() => partitionCohort({ ...cohort, sets }, parseTrainingConfig({}), 1));
    expect(error.message).toMatch(/3 HER2-zero patient/);
    expect(error.message).toContain('5-fold');
    // With 3 folds the same cohort is fine.
    expect(() => partitionCohort({ ...cohort, sets }, parseTrainingConfig({ cvFolds: 3 }), 1)).not.toThrow();
  });

  it('a class absent from the development site', () => {
    const labels = cohort.labels.map((l, i) =>
      l === 'zero' && cohort.sites[i] === 'siteA' ? ('low' as const) : l,
    );
    const error = partitionError(() => partitionCohort({ ...cohort, labels }, parseTrainingConfig({}), 1));
    expect(error.message).toMatch(/0 HER2-zero patient/);
  });

  it('an empty internal validation set', () => {
    const sets = cohort.sets!.map((s) => (s === 'validation' ? ('training' as const) : s));
    const error = partitionError(() => partitionCohort({ ...cohort, sets }, parseTrainingConfig({}), 1));
    expect(error.message).toContain('validation set is empty');
  });
});

describe('validation must hold every class when the best classifier is chosen on it', () => {
  const { cohort } = syntheticCohort();
  // The set column puts every HER2-zero development patient in training.
  const sets = cohort.sets!.map((s, i) =>
    s === 'validation' && cohort.labels[i] === 'zero' ? ('training' as const) : s,
  );

  it('selectBestBy validation (default): a class absent from validation is an error naming it', () => {
    const error = partitionError(() => partitionCohort({ ...cohort, sets }, parseTrainingConfig({}), 1));
    expect(error.message).toContain('no HER2-zero patient');
    expect(error.message).toContain('selectBestBy');
  });

  it('selectBestBy cv does not need it', () => {
    const partition = partitionCohort({ ...cohort, sets }, parseTrainingConfig({ selectBestBy: 'cv' }), 1);
    expect(Array.from(partition.validation).some((i) => cohort.labels[i] === 'zero')).toBe(false);
  });
});
