/**
 * Fitting the categorical encodings on training rows: the levels are the declared ones (reference
 * first) or, when a column is declared with null, the levels seen in training rows, sorted, the first
 * being the reference. Either way every level that appears in any row must be known by then: a level
 * seen only in validation or external rows (or not declared) is an error naming the file, row and
 * column, found before any fitting.
 */
import type { Cohort } from '../cohort/cohort.js';
import { cellValueProblem, CohortError } from '../cohort/errors.js';
import type { CategoricalEncoding } from './categoricalEncoding.js';

export interface CategoricalColumns {
  encodings: Record<string, CategoricalEncoding>;
  /** codes[j][i]: level index of categorical column j (cohort order) for patient i. */
  codes: Float64Array[];
}

export function fitCategoricalEncodings(
  cohort: Cohort,
  declared: Readonly<Record<string, readonly string[] | null>>,
  trainingRows: Int32Array,
): CategoricalColumns {
  const encodings: Record<string, CategoricalEncoding> = {};
  const codes = cohort.categoricalNames.map((name, j) => {
    const values = cohort.categorical[j];
    const given = Object.hasOwn(declared, name) ? declared[name] : null;
    const levels = given ? [...given] : [...new Set(Array.from(trainingRows, (i) => values[i]))].sort();
    if (levels.length < 2) {
      throw new CohortError(
        `categorical column has ${levels.length} level on the training rows ("${levels.join('')}"); it needs at least two, or remove it from "categorical"`,
        { file: cohort.source, column: name },
      );
    }
    const index = new Map(levels.map((level, k) => [level, k]));
    const column = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const k = index.get(values[i]);
      if (k === undefined) {
        throw new CohortError(
          given
            ? cellValueProblem(
                'unknown level',
                values[i],
                `config "categorical" declares ${levels.join(', ')}`,
              )
            : cellValueProblem(
                'a level that does not occur in any training row:',
                values[i],
                `training levels: ${levels.join(', ')}`,
              ),
          { file: cohort.source, row: i + 1, column: name },
        );
      }
      column[i] = k;
    }
    // A level met outside training but never in training rows would be encoded by a dummy the model
    // never saw vary: its effect would be a guess.
    const inTraining = new Set(Array.from(trainingRows, (i) => column[i]));
    for (let i = 0; i < values.length; i++) {
      if (!inTraining.has(column[i])) {
        throw new CohortError(
          cellValueProblem(
            'a level that occurs in validation or external rows but in no training row:',
            values[i],
          ),
          { file: cohort.source, row: i + 1, column: name },
        );
      }
    }
    encodings[name] = { levels };
    return column;
  });
  return { encodings, codes };
}
