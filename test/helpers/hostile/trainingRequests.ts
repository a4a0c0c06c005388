/**
 * Hostile POST /v1/training-jobs requests, as JSON (wrong types, missing, repeated and polluting keys,
 * hostile configs, broken bytes) and as multipart uploads (multipartBodies.ts).
 */
import type { Rng } from '../../../src/stats/random.js';
import { Entries, type JsonNode, jsonBytes } from './jsonBytes.js';
import { hostileMultipart, SMALL_COHORT_CSV } from './multipartBodies.js';
import { BYTE_DAMAGES, damageBytes } from './mutateBytes.js';
import { type HostileRequest, contentTypeHeader } from './request.js';
import {
  HOSTILE_KEYS,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  deepNesting,
  hostileValue,
  pick,
  pollutingObject,
} from './values.js';

/** Training configuration fields with the wrong kind of value. */
function hostileConfig(rng: Rng): JsonNode {
  const fields = [
    'tasks',
    'classifiers',
    'categorical',
    'seed',
    'cvFolds',
    'mrmrK',
    'trainFraction',
    'missing',
    'selector',
    'externalSites',
  ];
  return new Entries(
    Array.from(
      { length: 1 + rng.int(4) },
      () =>
        [
          pick(rng, fields),
          pick(rng, [
            hostileValue(rng),
            pick(rng, HOSTILE_NUMBERS),
            [hostileValue(rng)],
            new Entries([[pick(rng, HOSTILE_KEYS), hostileValue(rng)]]),
          ]),
        ] as [string, JsonNode],
    ),
  );
}

const JSON_DAMAGES = [
  'field-value',
  'drop-cohort',
  'add-hostile-key',
  'repeat-key',
  'config',
  'pollute-config',
  'body-value',
  'deep',
] as const;

function trainingJsonBody(rng: Rng): { body: JsonNode; label: string } {
  const body = new Entries([['cohortCsv', SMALL_COHORT_CSV]]);
  if (rng.next() < 0.3) body.entries.push(['interCsv', SMALL_COHORT_CSV]);
  if (rng.next() < 0.3) body.entries.push(['cohortName', 'fuzz']);
  if (rng.next() < 0.5) body.entries.push(['activate', rng.next() < 0.5]);
  const damage = pick(rng, JSON_DAMAGES);
  const fields = ['cohortCsv', 'interCsv', 'intraCsv', 'cohortName', 'config', 'activate'];
  switch (damage) {
    case 'field-value':
      body.entries.push([
        pick(rng, fields),
        rng.next() < 0.5 ? pick(rng, HOSTILE_STRINGS) : hostileValue(rng),
      ]);
      break;
    case 'drop-cohort':
      body.entries.shift();
      break;
    case 'add-hostile-key':
      body.entries.push([pick(rng, HOSTILE_KEYS), pollutingObject(rng)]);
      break;
    case 'repeat-key':
      body.entries.push(['cohortCsv', hostileValue(rng)]);
      break;
    case 'config':
      body.entries.push(['config', hostileConfig(rng)]);
      break;
    case 'pollute-config':
      body.entries.push(['config', pollutingObject(rng)]);
      break;
    case 'body-value':
      return { body: hostileValue(rng, 3), label: damage };
    case 'deep':
      body.entries.push([
        pick(rng, ['config', 'cohortCsv']),
        deepNesting(1 + rng.int(50_000), pick(rng, ['array', 'object'] as const)),
      ]);
      break;
  }
  return { body, label: damage };
}

export function hostileTrainingRequest(rng: Rng, headers: Record<string, string>): HostileRequest {
  if (rng.next() < 0.5) {
    const { body, contentType, label } = hostileMultipart(rng);
    return {
      method: 'POST',
      url: '/v1/training-jobs',
      headers: { ...headers, ...contentTypeHeader(rng, contentType, 0.05) },
      payload: body,
      label: `training multipart ${label}`,
    };
  }
  const { body, label } = trainingJsonBody(rng);
  let payload = jsonBytes(body);
  const damage = rng.next() < 0.1 ? pick(rng, BYTE_DAMAGES) : undefined;
  if (damage) payload = damageBytes(rng, payload, damage);
  return {
    method: 'POST',
    url: '/v1/training-jobs',
    headers: { ...headers, ...contentTypeHeader(rng, 'application/json') },
    payload,
    label: `training json ${label}${damage ? ` bytes:${damage}` : ''}`,
  };
}
