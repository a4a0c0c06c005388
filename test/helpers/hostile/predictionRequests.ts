/**
 * Hostile POST /v1/predictions requests built from a valid patient of the model under test, damaged
 * at one or more places: wrong types, missing and repeated fields, prototype-pollution keys, extreme
 * and non-JSON numbers, unknown categorical levels, odd shapes of the whole body, broken bytes and
 * wrong content types.
 */
import type { Rng } from '../../../src/stats/random.js';
import { Entries, type JsonNode, Raw, jsonBytes } from './jsonBytes.js';
import { BYTE_DAMAGES, damageBytes } from './mutateBytes.js';
import { HOSTILE_QUERIES, type HostileRequest, contentTypeHeader } from './request.js';
import {
  HOSTILE_KEYS,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  deepNesting,
  hostileValue,
  pick,
  pollutingObject,
} from './values.js';

/** A valid patient of the model under test, and its categorical inputs' levels. */
export interface PatientTemplate {
  features: Record<string, number | string>;
  clinical: Record<string, number | string>;
  categorical: Record<string, readonly string[]>;
}

interface PatientTree {
  patient: Entries;
  features: Entries;
  clinical: Entries;
}

function patientTree(template: PatientTemplate, id: string): PatientTree {
  const features = new Entries(Object.entries(template.features));
  const clinical = new Entries(Object.entries(template.clinical));
  const patient = new Entries([
    ['id', id],
    ['features', features],
    ['clinical', clinical],
  ]);
  return { patient, features, clinical };
}

function setValue(target: Entries, key: string, value: JsonNode): void {
  const entry = target.entries.find(([k]) => k === key);
  if (entry) entry[1] = value;
  else target.entries.push([key, value]);
}

/** A level name that is not one of `levels`: other case, padding inside, a prefix, a number, empty. */
function unknownLevel(rng: Rng, levels: readonly string[]): JsonNode {
  const level = pick(rng, levels);
  return pick(rng, [
    level.toUpperCase() === level ? level.toLowerCase() : level.toUpperCase(),
    `${level}\u0000`,
    `${level}x`,
    level.slice(0, -1),
    `${level}\u200b`,
    '',
    'unknown-level',
    levels.indexOf(level),
    null,
    [level],
  ]);
}

const PATIENT_DAMAGES = [
  'feature-value',
  'clinical-value',
  'extreme-features',
  'categorical-level',
  'drop-entry',
  'add-hostile-key',
  'repeat-key',
  'id',
] as const;

function damagePatient(rng: Rng, tree: PatientTree, template: PatientTemplate): string {
  const damage = pick(rng, PATIENT_DAMAGES);
  const levelOf = (t: PatientTree) => pick(rng, [t.patient, t.features, t.clinical]);
  switch (damage) {
    case 'feature-value':
      setValue(tree.features, pick(rng, Object.keys(template.features)), hostileValue(rng));
      break;
    case 'clinical-value': {
      const names = Object.keys(template.clinical);
      const name = names.length > 0 && rng.next() < 0.8 ? pick(rng, names) : pick(rng, ['er', 'pr', 'age']);
      setValue(tree.clinical, name, rng.next() < 0.5 ? pick(rng, HOSTILE_STRINGS) : hostileValue(rng));
      break;
    }
    case 'extreme-features': {
      const names = Object.keys(template.features).filter((n) => !(n in template.categorical));
      for (let k = 0; k < 1 + rng.int(4); k++)
        setValue(tree.features, pick(rng, names), pick(rng, HOSTILE_NUMBERS));
      break;
    }
    case 'categorical-level': {
      const columns = Object.keys(template.categorical);
      if (columns.length > 0) {
        const column = pick(rng, columns);
        setValue(tree.features, column, unknownLevel(rng, template.categorical[column]));
      } else setValue(tree.features, pick(rng, Object.keys(template.features)), pick(rng, HOSTILE_STRINGS));
      break;
    }
    case 'drop-entry': {
      const level = levelOf(tree);
      if (level.entries.length > 0) level.entries.splice(rng.int(level.entries.length), 1);
      break;
    }
    case 'add-hostile-key':
      levelOf(tree).entries.push([
        pick(rng, HOSTILE_KEYS),
        rng.next() < 0.5 ? pollutingObject(rng) : hostileValue(rng),
      ]);
      break;
    case 'repeat-key': {
      const level = levelOf(tree);
      if (level.entries.length > 0) level.entries.push([pick(rng, level.entries)[0], hostileValue(rng)]);
      break;
    }
    case 'id':
      setValue(tree.patient, 'id', rng.next() < 0.6 ? pick(rng, HOSTILE_STRINGS) : hostileValue(rng));
      break;
  }
  return damage;
}

const BODY_SHAPES = [
  'patients',
  'patients-value',
  'body-value',
  'many-patients',
  'deep',
  'body-keys',
] as const;

/** The body's tree and what was done to it. */
function predictionBody(rng: Rng, template: PatientTemplate): { body: JsonNode; label: string } {
  const trees = Array.from({ length: 1 + rng.int(3) }, (_, i) => patientTree(template, `P-${i}`));
  const patients: JsonNode[] = trees.map((t) => t.patient);
  const body = new Entries([['patients', patients]]);
  const shape = rng.next() < 0.7 ? 'patients' : pick(rng, BODY_SHAPES);
  switch (shape) {
    case 'patients': {
      const labels: string[] = [];
      for (let k = 0; k < (rng.next() < 0.3 ? 2 : 1); k++)
        labels.push(damagePatient(rng, pick(rng, trees), template));
      return { body, label: labels.join('+') };
    }
    case 'patients-value':
      body.entries[0][1] = pick(rng, [
        [],
        [null],
        [1, 'x'],
        new Entries([['0', patients[0]]]),
        hostileValue(rng),
      ]);
      break;
    case 'body-value':
      return { body: hostileValue(rng, 3), label: 'body-value' };
    case 'many-patients':
      body.entries[0][1] = Array.from({ length: 20 + rng.int(200) }, () => trees[0].patient);
      break;
    case 'deep':
      setValue(
        pick(rng, [trees[0].features, trees[0].clinical, trees[0].patient]),
        'deep',
        deepNesting(1 + rng.int(50_000), pick(rng, ['array', 'object'] as const)),
      );
      break;
    case 'body-keys':
      body.entries.push([pick(rng, HOSTILE_KEYS), pollutingObject(rng)]);
      if (rng.next() < 0.5) body.entries.push(['patients', new Raw('"again"')]);
      break;
  }
  return { body, label: shape };
}

export function hostilePredictionRequest(
  rng: Rng,
  template: PatientTemplate,
  headers: Record<string, string>,
): HostileRequest {
  const { body, label } = predictionBody(rng, template);
  let payload = jsonBytes(body);
  const damage = rng.next() < 0.1 ? pick(rng, BYTE_DAMAGES) : undefined;
  if (damage) payload = damageBytes(rng, payload, damage);
  return {
    method: 'POST',
    url: `/v1/predictions${rng.next() < 0.3 ? pick(rng, HOSTILE_QUERIES) : ''}`,
    headers: { ...headers, ...contentTypeHeader(rng, 'application/json') },
    payload,
    label: `predictions ${label}${damage ? ` bytes:${damage}` : ''}`,
  };
}
