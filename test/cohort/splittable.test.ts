import { describe, expect, it } from 'vitest';
import type { Cohort, Her2Status, SetName } from '../../src/cohort/cohort.js';
import { assertSplittable, isExternalRow } from '../../src/cohort/splittable.js';

function cohortOf(rows: [site: string, label: Her2Status][], sets: SetName[] | null = null): Cohort {
  return {
    source: 'c.csv',
    synthetic: false,
    patientIds: rows.map((_, i) => `P${i}`),
    sites: rows.map((r) => r[0]),
    labels: rows.map((r) => r[1]),
    sets,
    categoricalNames: [],
    categorical: [],
    clinical: {},
    featureNames: ['f'],
    features: [new Float64Array(rows.length)],
  };
}

const BALANCED: [string, Her2Status][] = [
  ['A', 'over'],
  ['A', 'over'],
  ['A', 'low'],
  ['A', 'low'],
  ['A', 'zero'],
  ['A', 'zero'],
  ['B', 'zero'],
];

describe('assertSplittable', () => {
  it('accepts two patients of every class outside the external sites', () => {
    expect(() => assertSplittable(cohortOf(BALANCED), ['B'])).not.toThrow();
    expect(() => assertSplittable(cohortOf(BALANCED), [])).not.toThrow();
  });

  it('names the class, its count and the file when a class is too small among non-external rows', () => {
    const rows: [string, Her2Status][] = [...BALANCED.slice(0, 5), ['B', 'zero'], ['B', 'zero']];
    expect(() => assertSplittable(cohortOf(rows), ['B'])).toThrowError(
      /^c\.csv, column "her2_status": HER2 class "zero" has 1 patient\(s\) outside the external sites \(B\)/,
    );
    expect(() => assertSplittable(cohortOf(rows), [])).not.toThrow();
  });

  it('counts a class that is absent as zero', () => {
    const rows = BALANCED.filter((r) => r[1] !== 'low');
    expect(() => assertSplittable(cohortOf(rows), [])).toThrowError(/class "low" has 0 patient/);
  });

  it('treats rows with set = external as external too', () => {
    const sets: SetName[] = [
      'training',
      'validation',
      'training',
      'external',
      'training',
      'training',
      'training',
    ];
    expect(() => assertSplittable(cohortOf(BALANCED, sets), [])).toThrowError(/class "low" has 1 patient/);
    expect(isExternalRow(cohortOf(BALANCED, sets), 3, new Set())).toBe(true);
  });

  it('rejects an external site that is not in the cohort', () => {
    expect(() => assertSplittable(cohortOf(BALANCED), ['C'])).toThrowError(
      /external site "C" does not occur in the cohort \(sites: A, B\)/,
    );
  });
});
