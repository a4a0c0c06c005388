/** The content address of a model artifact: sha256 of its canonical JSON without `id` and `createdAt`. */
import type { ModelArtifact } from './artifact.js';
import { sha256Hex } from '../io/sha256.js';
import { canonicalJson } from './canonicalJson.js';

export function computeArtifactId(artifact: Omit<ModelArtifact, 'id'> | ModelArtifact): string {
  const { id: _id, createdAt: _createdAt, ...content } = artifact as ModelArtifact;
  return sha256Hex(canonicalJson(content));
}

/** Throws when the artifact's id does not match its content (a corrupted or hand-edited file). */
export function assertArtifactIntegrity(artifact: ModelArtifact, source = 'model artifact'): void {
  const expected = computeArtifactId(artifact);
  if (artifact.id !== expected) {
    throw new Error(`${source}: id ${artifact.id} does not match its content (sha256 ${expected})`);
  }
}
