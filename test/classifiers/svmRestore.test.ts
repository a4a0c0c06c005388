// Runs in its own worker without loading libsvm: prediction from stored model text must be pure TypeScript.
import { describe, expect, it } from 'vitest';
import { svmBackend } from '../../src/classifiers/libsvmBackend.js';
import { svmSpec } from '../../src/classifiers/svm.js';
import { readFixture, toRows } from './helpers.js';

interface StoredModel {
  width: number;
  modelText: string;
  queries: number[][];
}
const stored = readFixture<StoredModel>('svm-model.json');
const numpyReference = readFixture<{ labelOrder: number[]; decisionValues: number[] }>(
  'svm-decision-values.json',
);

describe('RBF SVM restored from libsvm model text', () => {
  it('scores without the WebAssembly backend, matching an independent numpy evaluation, sign-corrected', () => {
    expect(() => svmBackend()).toThrow(/loadSvmBackend/);
    // This model's first label is 0, so libsvm's f > 0 means class 0 and our score must be −f.
    expect(numpyReference.labelOrder).toEqual([0, 1]);
    const model = svmSpec.restore({
      kind: 'svm',
      hyperparameters: { C: 3, gamma: 0.35 },
      state: { width: stored.width, modelText: stored.modelText },
    });
    const scores = model.score(toRows(stored.queries));
    numpyReference.decisionValues.forEach((expected, i) => expect(scores[i]).toBeCloseTo(expected, 12));
  });

  it('fit without the backend fails with a clear message', () => {
    const rows = toRows([[0], [1], [2], [3]]);
    expect(() => svmSpec.fit(rows, Uint8Array.from([0, 1, 0, 1]), { C: 1, gamma: 0.1 }, 1)).toThrow(
      /loadSvmBackend/,
    );
  });

  it('rejects model text that is not a two-class RBF C-SVC', () => {
    const linear = stored.modelText.replace('kernel_type rbf', 'kernel_type linear');
    expect(() =>
      svmSpec.restore({ kind: 'svm', hyperparameters: {}, state: { width: 3, modelText: linear } }),
    ).toThrow(/rbf/);
    const tooWide = stored.modelText.replace('SV\n', 'SV\n').replace(/ 3:/, ' 4:');
    expect(() =>
      svmSpec.restore({ kind: 'svm', hyperparameters: {}, state: { width: 3, modelText: tooWide } }),
    ).toThrow(/index 4/);
  });
});
