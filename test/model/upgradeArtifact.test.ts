import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PatientInput, PatientPrediction } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseArtifact } from '../../src/model/readArtifact.js';

// Written by the last schema-1 version (commit 2d569e2); see make-schema1-fixture.mjs beside them.
const fixture = (name: string) => readFileSync(new URL(`../fixtures/model/${name}`, import.meta.url), 'utf8');
const schemaOneText = fixture('schema1-model.json');
const expected = JSON.parse(fixture('schema1-predictions.json')) as {
  modelId: string;
  patients: PatientInput[];
  predictions: PatientPrediction[];
};

describe('a schema-1 artifact (written before tasks were data)', () => {
  const artifact = parseArtifact(schemaOneText, 'schema1-model.json');

  it('is read, keeps its id, and says it was upgraded', () => {
    expect(artifact.id).toBe(expected.modelId);
    expect(artifact.schemaVersion).toBe(2);
    expect(artifact.upgradedFrom).toBe(1);
    expect(Object.keys(artifact.tasks)).toEqual(['over', 'low', 'zero']);
    expect(artifact.tasks.low.definition).toEqual({ name: 'low', positive: ['low'], negative: 'rest' });
    expect(artifact.tasks.low.selection.kind).toBe('welch-mrmr');
  });

  it('predicts exactly what the version that wrote it predicted', () => {
    const predictions = loadModel(artifact).predict(expected.patients);
    predictions.forEach((p, i) => {
      const old = expected.predictions[i];
      expect(p.status).toBe(old.status);
      for (const task of ['over', 'low', 'zero']) {
        expect(p.tasks[task].probability).toBe(old.tasks[task].probability);
        expect(p.distribution![task as 'over']).toBe(old.distribution![task as 'over']);
      }
    });
  });

  it('is still checked against its content address before the upgrade', () => {
    const tampered = JSON.parse(schemaOneText) as { tasks: { low: { best: string } } };
    tampered.tasks.low.best = 'knn';
    expect(() => parseArtifact(JSON.stringify(tampered), 'tampered.json')).toThrow(
      /tampered\.json: id .* does not match/,
    );
  });
});
