import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_KINDS } from '../../src/classifiers/classifier.js';
import { CLASSIFIER_SPECS, restoreClassifier } from '../../src/classifiers/index.js';
import { loadSvmBackend } from '../../src/classifiers/svm.js';
import { syntheticTask } from './helpers.js';

const { rows, labels } = syntheticTask(60, 5, 3);
const held = syntheticTask(20, 5, 4);

beforeAll(async () => {
  await loadSvmBackend();
});

describe('classifier registry', () => {
  it('has a spec of the right kind for every kind', () => {
    for (const kind of CLASSIFIER_KINDS) expect(CLASSIFIER_SPECS[kind].kind).toBe(kind);
  });

  it.each(CLASSIFIER_KINDS)(
    '%s: every grid point is JSON-safe, fits, scores finitely and restores identically',
    (kind) => {
      const spec = CLASSIFIER_SPECS[kind];
      expect(spec.grid.length).toBeGreaterThan(0);
      for (const hyperparameters of spec.grid) {
        expect(JSON.parse(JSON.stringify(hyperparameters))).toEqual(hyperparameters);
        const model = spec.fit(rows, labels, hyperparameters, 1);
        const scores = model.score(held.rows);
        expect(scores.every(Number.isFinite)).toBe(true);
        const restored = restoreClassifier(JSON.parse(JSON.stringify(model.toJSON())));
        expect(restored.kind).toBe(kind);
        expect(Array.from(restored.score(held.rows))).toEqual(Array.from(scores));
      }
    },
  );

  it('rejects an unknown kind', () => {
    expect(() => restoreClassifier({ kind: 'xgb' as never, hyperparameters: {}, state: {} })).toThrow(
      /unknown/,
    );
  });
});
