/**
 * Hostile JSON values for fuzzing: numbers JSON cannot carry or that overflow, unicode edge cases,
 * prototype-pollution keys, wrong types, very long strings and deep nestings. Every choice comes from
 * the seeded Rng passed in.
 */
import type { Rng } from '../../../src/stats/random.js';
import { Entries, type JsonNode, Raw, RawBytes } from './jsonBytes.js';

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** Number tokens: finite extremes, and tokens that are not JSON or parse to Infinity / -0. */
export const HOSTILE_NUMBERS: readonly JsonNode[] = [
  0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  new Raw('-0'),
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('1e-999'),
  new Raw('NaN'),
  new Raw('Infinity'),
  new Raw('-Infinity'),
  new Raw('9'.repeat(400)),
  new Raw('0.' + '0'.repeat(400) + '1'),
  new Raw('01'),
  new Raw('0x10'),
  new Raw('.5'),
  new Raw('1.'),
  new Raw('+1'),
  new Raw('1e'),
  new Raw('--1'),
];

/** Strings: receptor words in odd spellings, number-looking text, unicode edge cases, injections. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  'positive',
  'negative',
  'POSITIVE',
  ' negative ',
  'positiv',
  '50',
  '50%',
  '1e308',
  'NaN',
  'Infinity',
  '-0',
  '\u0000',
  '\ufeff',
  '\u202eevil',
  'e\u0301',
  '\u00e9',
  '\ud835\udd4f',
  '\ud83d\udc69\u200d\ud83d\udd2c',
  '\ud800',
  '\udfff',
  '\uffff',
  '\r\n',
  '__proto__',
  'constructor',
  'toString',
  '<script>alert(1)</script>',
  "'; DROP TABLE models; --",
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  'a'.repeat(201),
  'x'.repeat(10_000),
];

/** Object keys aimed at prototype pollution and at lookups by name. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '',
  ' ',
  '\u0000',
  '\ud800',
  'k'.repeat(100_000),
];

/** Bytes that are not UTF-8: overlong encodings, a lone continuation byte, an encoded surrogate, 0xff. */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];

/** A string literal carrying bytes that are not UTF-8. */
export function invalidUtf8String(rng: Rng): RawBytes {
  return new RawBytes(Buffer.concat([Buffer.from('"a'), pick(rng, INVALID_UTF8), Buffer.from('b"')]));
}

/** Arrays or objects nested `depth` deep, written as text (a recursive serialiser would overflow). */
export function deepNesting(depth: number, kind: 'array' | 'object'): Raw {
  return kind === 'array'
    ? new Raw('['.repeat(depth) + ']'.repeat(depth))
    : new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

/** An object whose keys aim at the prototype chain, possibly repeated. */
export function pollutingObject(rng: Rng): Entries {
  const payload = new Entries([
    ['polluted', 'yes'],
    ['isAdmin', true],
  ]);
  const entries: [string, JsonNode][] = [
    [pick(rng, ['__proto__', 'constructor', 'prototype']), payload],
    ['constructor', new Entries([['prototype', payload]])],
  ];
  if (rng.next() < 0.5) entries.push(['__proto__', payload]);
  return new Entries(entries);
}

/** Any hostile value, nested up to `depth` levels of small arrays and objects with hostile keys. */
export function hostileValue(rng: Rng, depth = 2): JsonNode {
  const r = rng.int(12);
  if (r < 3) return pick(rng, HOSTILE_NUMBERS);
  if (r < 6) return pick(rng, HOSTILE_STRINGS);
  if (r === 6) return pick(rng, [null, true, false]);
  if (r === 7) return invalidUtf8String(rng);
  if (r === 8) return rng.next() < 0.5 ? pollutingObject(rng) : deepNesting(1 + rng.int(20_000), 'array');
  if (depth <= 0) return pick(rng, [[], new Entries([])]);
  const n = rng.int(4);
  if (r === 9) return Array.from({ length: n }, () => hostileValue(rng, depth - 1));
  return new Entries(
    Array.from(
      { length: n },
      () => [pick(rng, HOSTILE_KEYS), hostileValue(rng, depth - 1)] as [string, JsonNode],
    ),
  );
}
