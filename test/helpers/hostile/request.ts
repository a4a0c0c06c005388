/** A generated hostile HTTP request, and hostile variants of the parts every request has. */
import type { Rng } from '../../../src/stats/random.js';
import { pick } from './values.js';

export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: Buffer;
  /** What the generator did to it: enough to tell a failing request apart and reproduce it. */
  label: string;
}

/** Content types a client may send instead of the one a route expects (undefined: no header). */
const WRONG_CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined,
  '',
  'text/plain',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/jsonx',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data',
  'multipart/form-data; boundary=zz',
  'multipart/mixed; boundary=zz',
  'text/csv',
  '*/*',
  'application/json, text/plain',
  ' application/json',
  `application/json; ${'p'.repeat(5000)}=1`,
];

/** Usually `usual`; one time in `1 / wrongRate` a wrong, malformed or missing content type. */
export function contentTypeHeader(rng: Rng, usual: string, wrongRate = 0.15): Record<string, string> {
  const type = rng.next() < wrongRate ? pick(rng, WRONG_CONTENT_TYPES) : usual;
  return type === undefined ? {} : { 'content-type': type };
}

/** Query strings aimed at the predictions route's `model` and `allowOutOfDistribution` parameters. */
export const HOSTILE_QUERIES: readonly string[] = [
  '',
  '?allowOutOfDistribution=true',
  '?allowOutOfDistribution=false',
  '?allowOutOfDistribution=TRUE',
  '?allowOutOfDistribution=1',
  '?allowOutOfDistribution=',
  '?allowOutOfDistribution=true&allowOutOfDistribution=false',
  '?allowOutOfDistribution[]=true',
  '?model=',
  '?model=active',
  '?model=..%2F..%2Fetc%2Fpasswd',
  `?model=${'a'.repeat(64)}`,
  `?model=${'0'.repeat(65)}`,
  '?model=%00',
  '?model=%E0%A4%A',
  '?__proto__[polluted]=yes',
  '?constructor[prototype][polluted]=yes',
  '?unknown=1',
  `?${'q'.repeat(8000)}=1`,
  '?&&&==&',
];
