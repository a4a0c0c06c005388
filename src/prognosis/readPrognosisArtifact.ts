/**
 * Reading a prognosis model file (what `her2 prognosis` writes as prognosis-model.json) for the
 * service: its kind and schema version, its content address, and the shape the route relies on
 * (a known marker, a finite cut-off, two KM curves with arrays of one length) are checked, so a
 * hand-edited or truncated file stops the start with a message instead of answering nonsense.
 */
import { readFile } from 'node:fs/promises';
import { parseMarkerName } from './markers.js';
import { PROGNOSIS_ARTIFACT_KIND, prognosisArtifactId, type PrognosisArtifact } from './prognosisArtifact.js';

export class PrognosisArtifactError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'PrognosisArtifactError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkCurve(curve: unknown, name: string, source: string): void {
  const fail = (problem: string) => new PrognosisArtifactError(source, `groups.${name}: ${problem}`);
  if (!isObject(curve) || !isObject(curve.km)) throw fail('missing or without km');
  const km = curve.km;
  const times = km.times;
  if (!Array.isArray(times) || times.length === 0) throw fail('km.times is missing or empty');
  for (const key of ['survival', 'lower', 'upper']) {
    const values = km[key];
    if (!Array.isArray(values) || values.length !== times.length) {
      throw fail(`km.${key} must have one value per time (${times.length})`);
    }
  }
  if (
    !times.every(
      (t, i) => typeof t === 'number' && Number.isFinite(t) && (i === 0 || t > (times[i - 1] as number)),
    )
  ) {
    throw fail('km.times must be finite and increasing');
  }
}

export function parsePrognosisArtifact(value: unknown, source: string): PrognosisArtifact {
  if (!isObject(value)) throw new PrognosisArtifactError(source, 'not a JSON object');
  if (value.kind !== PROGNOSIS_ARTIFACT_KIND) {
    throw new PrognosisArtifactError(
      source,
      `kind is ${JSON.stringify(value.kind)}, expected "${PROGNOSIS_ARTIFACT_KIND}"`,
    );
  }
  if (value.schemaVersion !== 1) {
    throw new PrognosisArtifactError(
      source,
      `unsupported schemaVersion ${JSON.stringify(value.schemaVersion)}`,
    );
  }
  if (typeof value.marker !== 'string' || parseMarkerName(value.marker) === null) {
    throw new PrognosisArtifactError(source, `unknown marker ${JSON.stringify(value.marker)}`);
  }
  if (typeof value.cutoff !== 'number' || !Number.isFinite(value.cutoff)) {
    throw new PrognosisArtifactError(source, 'cutoff must be a finite number');
  }
  if (!isObject(value.groups)) throw new PrognosisArtifactError(source, 'groups is missing');
  checkCurve(value.groups.high, 'high', source);
  checkCurve(value.groups.low, 'low', source);
  const artifact = value as unknown as PrognosisArtifact;
  const expected = prognosisArtifactId(artifact);
  if (artifact.id !== expected) {
    throw new PrognosisArtifactError(
      source,
      `id ${String(artifact.id)} does not match its content (sha256 ${expected})`,
    );
  }
  return artifact;
}

export async function readPrognosisArtifactFile(path: string): Promise<PrognosisArtifact> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PrognosisArtifactError(path, `cannot be read as JSON: ${(error as Error).message}`);
  }
  return parsePrognosisArtifact(json, path);
}
