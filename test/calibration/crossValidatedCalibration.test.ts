import { describe, expect, it } from 'vitest';
import { fitIsotonicCalibrator, fitSigmoidCalibrator } from '../../src/calibration/calibrator.js';
import { crossValidatedCalibration } from '../../src/calibration/crossValidatedCalibration.js';
import type { ClassifierSpec, FittedClassifier, Rows } from '../../src/classifiers/classifier.js';
import { moduloFolds } from '../classifiers/helpers.js';

/**
 * A transparent fake classifier: it remembers which rows (by their id in column 0) and seed it was
 * fitted on, and scores a row as row[1] + (number of training rows)/1000, so every out-of-fold score
 * reveals the size of the training set it came from.
 */
function recordingSpec() {
  const fits: { ids: number[]; seed: number }[] = [];
  const spec: ClassifierSpec = {
    kind: 'lr',
    grid: [{}],
    fit(rows, _labels, _hyperparameters, seed) {
      fits.push({ ids: rows.map((r) => r[0]), seed });
      const size = rows.length;
      const model: FittedClassifier = {
        kind: 'lr',
        score: (scored: Rows) => Float64Array.from(scored, (r) => r[1] + size / 1000),
        toJSON: () => ({ kind: 'lr', hyperparameters: {}, state: { size } }),
      };
      return model;
    },
    restore: () => {
      throw new Error('not used');
    },
  };
  return { spec, fits };
}

const n = 12;
const rows = Array.from({ length: n }, (_, i) => Float64Array.from([i, Math.sin(i) * 3]));
const labels = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1]);
const folds = moduloFolds(n, 3); // each fold trains on 8 rows

describe('cross-validated calibration (CalibratedClassifierCV, ensemble=False)', () => {
  it('fits one model per fold on exactly its training rows, then refits on all rows', () => {
    const { spec, fits } = recordingSpec();
    crossValidatedCalibration({ spec, rows, labels, hyperparameters: {}, folds, method: 'sigmoid', seed: 5 });
    expect(fits).toHaveLength(4);
    folds.forEach((fold, k) => expect(fits[k].ids).toEqual(fold.train));
    expect(fits[3].ids).toEqual(rows.map((r) => r[0]));
    expect(new Set(fits.map((f) => f.seed)).size).toBe(4);
  });

  it('gives every row the score of the model that did not see it, and calibrates on those', () => {
    const { spec } = recordingSpec();
    const result = crossValidatedCalibration({
      spec,
      rows,
      labels,
      hyperparameters: {},
      folds,
      method: 'isotonic',
      seed: 5,
    });
    const expectedOof = rows.map((r) => r[1] + 8 / 1000);
    expectedOof.forEach((v, i) => expect(result.oofScores[i]).toBeCloseTo(v, 15));
    expect(result.model.calibrator).toEqual(fitIsotonicCalibrator(expectedOof, labels));
    // The final classifier is the all-rows refit (12 training rows).
    expect(result.model.classifier.score([rows[0]])[0]).toBeCloseTo(rows[0][1] + 12 / 1000, 15);
  });

  it('uses the requested calibration method and is deterministic in the seed', () => {
    const a = recordingSpec();
    const b = recordingSpec();
    const first = crossValidatedCalibration({
      spec: a.spec,
      rows,
      labels,
      hyperparameters: {},
      folds,
      method: 'sigmoid',
      seed: 9,
    });
    crossValidatedCalibration({
      spec: b.spec,
      rows,
      labels,
      hyperparameters: {},
      folds,
      method: 'sigmoid',
      seed: 9,
    });
    expect(first.model.calibrator).toEqual(fitSigmoidCalibrator(Array.from(first.oofScores), labels));
    expect(a.fits.map((f) => f.seed)).toEqual(b.fits.map((f) => f.seed));
  });

  it('rejects folds whose test parts do not partition the rows', () => {
    const { spec } = recordingSpec();
    const run = (bad: { train: number[]; test: number[] }[]) => () =>
      crossValidatedCalibration({
        spec,
        rows,
        labels,
        hyperparameters: {},
        folds: bad,
        method: 'sigmoid',
        seed: 1,
      });
    // Row 6 tested twice, row 5 never.
    expect(
      run([
        { train: [0, 1, 2, 3, 4, 5], test: [6, 7, 8, 9, 10, 11] },
        { train: [7, 8, 9, 10, 11], test: [0, 1, 2, 3, 4, 6] },
      ]),
    ).toThrow(/row 5 is tested 0 times/);
    // A fold that trains on a row it tests would leak that row's label into its out-of-fold score.
    expect(
      run([
        { train: [0, 1, 2, 3, 4, 5, 6], test: [6, 7, 8, 9, 10, 11] },
        { train: [6, 7, 8, 9, 10, 11], test: [0, 1, 2, 3, 4, 5] },
      ]),
    ).toThrow(/fold 0 both trains and tests on row 6/);
  });
});
