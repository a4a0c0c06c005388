import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_KINDS } from '../../src/classifiers/classifier.js';
import { HER2_STATUSES, SET_NAMES } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import type { PatientInput } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseArtifact, readArtifactFile } from '../../src/model/readArtifact.js';
import {
  patientInput,
  rowsOfSet,
  trainedDemoModel,
  type TrainedDemoModel,
} from '../helpers/trainedDemoModel.js';
import { pairCountAuc } from '../helpers/naiveStats.js';

describe('artifact JSON round trip', () => {
  let trained: TrainedDemoModel;
  let artifact: ModelArtifact;
  let text: string;
  let dir: string;
  let path: string;
  let patients: PatientInput[];

  beforeAll(async () => {
    trained = await trainedDemoModel();
    artifact = trained.artifact;
    text = JSON.stringify(artifact);
    dir = await mkdtemp(join(tmpdir(), 'her2-roundtrip-'));
    path = join(dir, `${artifact.id}.json`);
    await writeFile(path, text);
    patients = trained.cohort.patientIds.map((_, i) =>
      patientInput(trained.cohort, i, artifact.input.features),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a model read back from its file predicts exactly what the in-memory artifact predicts (all 315 patients)', async () => {
    const fromFile = loadModel(await readArtifactFile(path));
    const inMemory = loadModel(artifact);
    const a = fromFile.predict(patients);
    const b = inMemory.predict(patients);
    expect(a).toHaveLength(315);
    expect(a).toEqual(b);
    // Bitwise: toEqual treats -0 and 0 alike but not different doubles; compare the bits too.
    for (let i = 0; i < a.length; i++) {
      for (const task of HER2_STATUSES) {
        expect(Object.is(a[i].tasks[task].probability, b[i].tasks[task].probability)).toBe(true);
        expect(Object.is(a[i].distribution![task], b[i].distribution![task])).toBe(true);
      }
    }
    expect(fromFile.id).toBe(artifact.id);
  });

  it('the loaded model reproduces the AUCs stored in the artifact on every set', () => {
    const predictions = loadModel(parseArtifact(text, 'text')).predict(patients);
    for (const task of HER2_STATUSES) {
      const best = artifact.tasks[task].models[artifact.tasks[task].best];
      for (const set of SET_NAMES) {
        const rows = rowsOfSet(trained.cohort, set);
        const auc = pairCountAuc(
          rows.map((i) => predictions[i].tasks[task].probability!),
          rows.map((i) => trained.cohort.labels[i] === task),
        );
        expect(auc).toBeCloseTo(best.metrics[set]!.auc, 12);
      }
    }
  });

  it('parseArtifact accepts the written text and returns the same document', () => {
    expect(parseArtifact(text, 'x')).toEqual(artifact);
  });

  it('a tampered artifact is rejected (id does not match the content)', async () => {
    const tampered = JSON.parse(text) as ModelArtifact;
    tampered.tasks.over.models.lr.threshold += 0.01;
    expect(() => parseArtifact(JSON.stringify(tampered), 'tampered.json')).toThrow(
      /tampered\.json.*does not match/,
    );
    const renamed = { ...(JSON.parse(text) as ModelArtifact), id: '0'.repeat(64) };
    const tamperedPath = join(dir, 'renamed.json');
    await writeFile(tamperedPath, JSON.stringify(renamed));
    await expect(readArtifactFile(tamperedPath)).rejects.toThrow(/renamed\.json.*does not match/);
  });

  it('createdAt is not part of the content address (re-stamping keeps the id valid)', () => {
    const restamped = { ...(JSON.parse(text) as ModelArtifact), createdAt: '2030-01-01T00:00:00.000Z' };
    expect(parseArtifact(JSON.stringify(restamped), 'x').createdAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('another schema version and non-JSON are rejected', () => {
    expect(() => parseArtifact(JSON.stringify({ ...artifact, schemaVersion: 3 }), 'v3.json')).toThrow(
      /v3\.json.*schemaVersion 3/,
    );
    expect(() => parseArtifact('{"schemaVersion": 1', 'broken.json')).toThrow(
      /broken\.json: not a JSON model artifact/,
    );
    expect(() => parseArtifact('null', 'null.json')).toThrow(/null\.json/);
  });

  it('has every field outside tooling relies on', () => {
    const document = JSON.parse(text) as Record<string, unknown>;
    expect(document.id).toMatch(/^[0-9a-f]{64}$/);
    const tasks = document.tasks as Record<string, Record<string, unknown>>;
    for (const task of ['over', 'low', 'zero']) {
      const t = tasks[task];
      expect(Array.isArray(t.selectedFeatures)).toBe(true);
      expect((t.selectedFeatures as unknown[]).length).toBeGreaterThan(0);
      for (const f of t.selectedFeatures as unknown[]) expect(typeof f).toBe('string');
      expect(['lr', 'knn', 'svm', 'rf']).toContain(t.best);
      const models = t.models as Record<string, { metrics: Record<string, { auc: unknown; ci95: unknown }> }>;
      for (const clf of CLASSIFIER_KINDS) {
        for (const set of ['training', 'validation', 'external']) {
          const metrics = models[clf].metrics[set];
          expect(typeof metrics.auc).toBe('number');
          const auc = metrics.auc as number;
          expect(auc).toBeGreaterThanOrEqual(0);
          expect(auc).toBeLessThanOrEqual(1);
          expect(Array.isArray(metrics.ci95)).toBe(true);
          const [lo, hi] = metrics.ci95 as number[];
          expect((metrics.ci95 as number[]).length).toBe(2);
          expect(lo).toBeLessThanOrEqual(auc);
          expect(auc).toBeLessThanOrEqual(hi);
        }
      }
    }
  });
});
