/** Reads a model artifact file and checks its schema version and content address. */
import { readFile } from 'node:fs/promises';
import { ARTIFACT_SCHEMA_VERSION, type ModelArtifact } from './artifact.js';
import { assertArtifactIntegrity } from './artifactId.js';
import { upgradeSchemaOne } from './upgradeArtifact.js';

export function parseArtifact(text: string, source: string): ModelArtifact {
  let artifact: ModelArtifact;
  try {
    artifact = JSON.parse(text) as ModelArtifact;
  } catch (error) {
    throw new Error(`${source}: not a JSON model artifact (${(error as Error).message})`);
  }
  if ((artifact?.schemaVersion as number) === 1) {
    assertArtifactIntegrity(artifact, source);
    return upgradeSchemaOne(artifact);
  }
  if (artifact?.schemaVersion !== ARTIFACT_SCHEMA_VERSION) {
    throw new Error(
      `${source}: unsupported artifact schemaVersion ${String(artifact?.schemaVersion)} (expected ${ARTIFACT_SCHEMA_VERSION})`,
    );
  }
  assertArtifactIntegrity(artifact, source);
  return artifact;
}

export async function readArtifactFile(path: string): Promise<ModelArtifact> {
  return parseArtifact(await readFile(path, 'utf8'), path);
}
