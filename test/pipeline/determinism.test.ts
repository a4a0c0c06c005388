import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { computeArtifactId } from '../../src/model/artifactId.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';
import { syntheticCohort } from './syntheticCohort.js';

// All four classifiers (RF bootstraps and feature sampling, SVM, CV folds) on a small cohort.
const config = parseTrainingConfig({ mrmrK: 3 });

async function train(seed: number, now: string): Promise<ModelArtifact> {
  // A fresh cohort object each time: nothing may carry over between runs through shared state.
  const data = syntheticCohort({ seed: 21, suv: true });
  return trainModel({
    cohort: data.cohort,
    inter: data.inter,
    intra: data.intra,
    config,
    seed,
    cohortSha256: 'abc',
    packageVersions: { x: '1' },
    now: () => new Date(now),
  });
}

describe('determinism', () => {
  let first: ModelArtifact;
  let again: ModelArtifact;
  let otherSeed: ModelArtifact;

  beforeAll(async () => {
    first = await train(5, '2025-01-01T00:00:00Z');
    again = await train(5, '2026-06-30T12:00:00Z');
    otherSeed = await train(6, '2025-01-01T00:00:00Z');
  });

  it('same inputs and seed give the same id although createdAt differs', () => {
    expect(first.createdAt).not.toBe(again.createdAt);
    expect(again.id).toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('and the same content, byte for byte apart from createdAt', () => {
    expect({ ...again, createdAt: '' }).toEqual({ ...first, createdAt: '' });
    expect(JSON.stringify({ ...again, createdAt: '' })).toBe(JSON.stringify({ ...first, createdAt: '' }));
  });

  it('the id is the content address of what was returned', () => {
    expect(computeArtifactId(first)).toBe(first.id);
  });

  it('a different seed gives a different model and id', () => {
    expect(otherSeed.id).not.toBe(first.id);
    expect(otherSeed.provenance.seed).toBe(6);
    // Not only the recorded seed: the seeded fits differ (RF bootstraps, CV folds).
    expect(otherSeed.tasks.over.models.rf.classifier).not.toEqual(first.tasks.over.models.rf.classifier);
    expect(otherSeed.tasks.over.models.lr.cvAuc).not.toBe(first.tasks.over.models.lr.cvAuc);
  });
});
