import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { assertArtifactIntegrity, computeArtifactId } from '../../src/model/artifactId.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// A stand-in document: the id only depends on the JSON content, not on the artifact's schema.
const doc = (extra: Record<string, unknown> = {}) =>
  ({
    id: 'ignored',
    createdAt: '2025-01-01T00:00:00.000Z',
    schemaVersion: 1,
    tasks: { over: { best: 'lr' } },
    ...extra,
  }) as unknown as ModelArtifact;

describe('computeArtifactId', () => {
  it('is the sha256 of the sorted-key, whitespace-free JSON without id and createdAt', () => {
    expect(computeArtifactId(doc())).toBe(sha256('{"schemaVersion":1,"tasks":{"over":{"best":"lr"}}}'));
  });

  it('ignores id and createdAt', () => {
    expect(computeArtifactId(doc({ id: 'other', createdAt: '2031-05-05T00:00:00.000Z' }))).toBe(
      computeArtifactId(doc()),
    );
    const { id: _id, ...withoutId } = doc();
    expect(computeArtifactId(withoutId)).toBe(computeArtifactId(doc()));
  });

  it('does not depend on key order', () => {
    const reordered = {
      tasks: { over: { best: 'lr' } },
      schemaVersion: 1,
      createdAt: 'x',
      id: 'y',
    } as unknown as ModelArtifact;
    expect(computeArtifactId(reordered)).toBe(computeArtifactId(doc()));
  });

  it('changes with any content change', () => {
    const base = computeArtifactId(doc());
    expect(computeArtifactId(doc({ tasks: { over: { best: 'rf' } } }))).not.toBe(base);
    expect(computeArtifactId(doc({ synthetic: true }))).not.toBe(base);
    expect(computeArtifactId(doc({ schemaVersion: 2 }))).not.toBe(base);
  });
});

describe('assertArtifactIntegrity', () => {
  it('accepts an artifact whose id is its content address', () => {
    const artifact = doc();
    artifact.id = computeArtifactId(artifact);
    expect(() => assertArtifactIntegrity(artifact)).not.toThrow();
  });

  it('rejects a mismatch, naming the source, the stated id and the content hash', () => {
    const artifact = doc();
    artifact.id = computeArtifactId(artifact);
    const edited = { ...artifact, tasks: { over: { best: 'knn' } } } as unknown as ModelArtifact;
    const expected = computeArtifactId(edited);
    expect(() => assertArtifactIntegrity(edited, 'models/m.json')).toThrow(
      `models/m.json: id ${artifact.id} does not match its content (sha256 ${expected})`,
    );
  });
});
