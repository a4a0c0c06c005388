import { beforeAll, describe, expect, it } from 'vitest';
import { svmBackend } from '../../src/classifiers/libsvmBackend.js';
import {
  loadSvmBackend,
  resolveGamma,
  scaleGamma,
  svmSpec,
  type SvmState,
} from '../../src/classifiers/svm.js';
import { syntheticTask, toRows } from './helpers.js';

beforeAll(async () => {
  await loadSvmBackend();
});

describe('RBF SVM', () => {
  describe('against libsvm itself', () => {
    const { rows, labels } = syntheticTask(120, 4, 99);
    const test = syntheticTask(80, 4, 100);

    it.each([0, 1])(
      'score sign agrees with libsvm predictOne when the first training label is %i',
      (firstLabel) => {
        const SVM = svmBackend();
        // libsvm orders classes by first appearance; move a row of `firstLabel` to the front.
        const lead = labels.indexOf(firstLabel);
        const order = [lead, ...rows.map((_, i) => i).filter((i) => i !== lead)];
        const X = order.map((i) => rows[i]);
        const y = Uint8Array.from(order, (i) => labels[i]);
        const fitted = svmSpec.fit(X, y, { C: 1, gamma: 0.2 }, 1);
        const { modelText } = fitted.toJSON().state as SvmState;
        expect(modelText).toContain(firstLabel === 0 ? 'label 0 1' : 'label 1 0');
        const reference = new SVM({
          type: SVM.SVM_TYPES.C_SVC,
          kernel: SVM.KERNEL_TYPES.RBF,
          gamma: 0.2,
          cost: 1,
          quiet: true,
        });
        reference.train(
          X.map((r) => Array.from(r)),
          Array.from(y),
        );
        const loaded = SVM.load(modelText);
        const scores = fitted.score(test.rows);
        let compared = 0;
        test.rows.forEach((row, i) => {
          const predictedFromText = loaded.predictOne(Array.from(row));
          if (Math.abs(scores[i]) > 1e-9) expect(predictedFromText).toBe(scores[i] > 0 ? 1 : 0);
          // The in-memory model differs from its text only in printed digits; compare away from the boundary.
          if (Math.abs(scores[i]) > 1e-4) {
            expect(reference.predictOne(Array.from(row))).toBe(scores[i] > 0 ? 1 : 0);
            compared++;
          }
        });
        expect(compared).toBeGreaterThan(70);
        reference.free();
        loaded.free();
      },
    );

    it('orders held-out points exactly as libsvm’s Platt probability of class 1 does', async () => {
      const SVM = svmBackend();
      const fitted = svmSpec.fit(rows, labels, { C: 10, gamma: 0.1 }, 1);
      const withProbability = new SVM({
        type: SVM.SVM_TYPES.C_SVC,
        kernel: SVM.KERNEL_TYPES.RBF,
        gamma: 0.1,
        cost: 10,
        probabilityEstimates: true,
        quiet: true,
      });
      withProbability.train(
        rows.map((r) => Array.from(r)),
        Array.from(labels),
      );
      const scores = fitted.score(test.rows);
      const probabilities = test.rows.map(
        (row) =>
          withProbability.predictOneProbability(Array.from(row)).estimates.find((e) => e.label === 1)!
            .probability,
      );
      withProbability.free();
      // Platt's map is strictly increasing in the oriented decision value, so every pair must agree.
      for (let i = 0; i < scores.length; i++) {
        for (let j = 0; j < scores.length; j++) {
          if (scores[i] - scores[j] > 1e-6) expect(probabilities[i]).toBeGreaterThan(probabilities[j]);
        }
      }
    });
  });

  it("gamma 'scale' is 1 / (p · Var(all entries)), rounded to the 6 digits libsvm's text keeps", () => {
    const X = toRows([
      [0, 2],
      [4, 6],
    ]); // entries 0, 2, 4, 6: mean 3, population variance 5
    expect(scaleGamma(X)).toBeCloseTo(1 / (2 * 5), 15);
    // Entries 0, 1, 0, 2, 0, 4: mean 7/6, E[x²] = 21/6, variance 77/36 → gamma = 36/154 = 0.23376623…
    expect(
      resolveGamma(
        { gamma: 'scale' },
        toRows([
          [0, 1],
          [0, 2],
          [0, 4],
        ]),
      ),
    ).toBe(0.233766);
    const { rows, labels } = syntheticTask(60, 3, 5);
    const text = (svmSpec.fit(rows, labels, { C: 1, gamma: 'scale' }, 1).toJSON().state as SvmState)
      .modelText;
    const stored = Number(/^gamma (\S+)$/m.exec(text)![1]);
    expect(stored).toBe(resolveGamma({ gamma: 'scale' }, rows));
  });

  it('is deterministic and restores from JSON to identical scores', () => {
    const { rows, labels } = syntheticTask(90, 5, 8);
    const a = svmSpec.fit(rows, labels, { C: 1, gamma: 'scale' }, 1);
    const b = svmSpec.fit(rows, labels, { C: 1, gamma: 'scale' }, 2);
    expect(b.toJSON()).toEqual(a.toJSON());
    const restored = svmSpec.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(restored.score(rows))).toEqual(Array.from(a.score(rows)));
  });
});
