/**
 * Hostile requests for every route of the service (src/routes/, openapi.yaml), for bench/fuzz.ts:
 * the routes' own hostile bodies (test/helpers/hostile/), hostile ids and query strings, every kind
 * of credential (the right role, a wrong role, an unknown key, none, malformed headers), wrong
 * methods, unknown and malformed paths, and bodies where none belongs. Every choice comes from the
 * seeded Rng.
 */
import type { Rng } from '../src/stats/random.js';
import { jsonBytes } from '../test/helpers/hostile/jsonBytes.js';
import {
  type PatientTemplate,
  hostilePredictionRequest,
} from '../test/helpers/hostile/predictionRequests.js';
import type { HostileRequest } from '../test/helpers/hostile/request.js';
import { hostileTrainingRequest } from '../test/helpers/hostile/trainingRequests.js';
import { HOSTILE_STRINGS, hostileValue, pick } from '../test/helpers/hostile/values.js';

export type Role = 'predict' | 'train' | 'admin' | 'metrics';

/** One key per role, and one with every role. */
export const BENCH_KEYS: Record<Role | 'all', string> = {
  predict: 'fuzz-predict-key-0123456789abcdef',
  train: 'fuzz-train-key-0123456789abcdef',
  admin: 'fuzz-admin-key-0123456789abcdef',
  metrics: 'fuzz-metrics-key-0123456789abcdef',
  all: 'fuzz-all-roles-key-0123456789abcdef',
};

export const BENCH_API_KEYS = [
  { id: 'fuzz-predict', key: BENCH_KEYS.predict, roles: ['predict'] },
  { id: 'fuzz-train', key: BENCH_KEYS.train, roles: ['train'] },
  { id: 'fuzz-admin', key: BENCH_KEYS.admin, roles: ['admin'] },
  { id: 'fuzz-metrics', key: BENCH_KEYS.metrics, roles: ['metrics'] },
  { id: 'fuzz-all', key: BENCH_KEYS.all, roles: ['predict', 'train', 'admin'] },
];

/** What the generator knows of the running service. */
export interface FuzzContext {
  template: PatientTemplate;
  /** Registered model ids (the active one and the scratch variants). */
  modelIds: readonly string[];
  /** Ids of jobs the service accepted so far. */
  jobIds: readonly string[];
}

/** Credentials: usually a key with the role the route needs (`role`; null: an open route). */
function credentials(rng: Rng, role: Role | null): { headers: Record<string, string>; label: string } {
  const r = rng.next();
  const right = role ? (rng.next() < 0.3 ? BENCH_KEYS.all : BENCH_KEYS[role]) : BENCH_KEYS.predict;
  if (r < 0.55) return { headers: { authorization: `Bearer ${right}` }, label: 'key' };
  if (r < 0.62) return { headers: { 'x-api-key': right }, label: 'x-api-key' };
  if (r < 0.72) {
    const other = pick(
      rng,
      (['predict', 'train', 'admin', 'metrics'] as const).filter((k) => k !== role),
    );
    return { headers: { authorization: `Bearer ${BENCH_KEYS[other]}` }, label: 'wrong role' };
  }
  if (r < 0.82) return { headers: {}, label: 'no key' };
  const malformed = pick<Record<string, string>>(rng, [
    { authorization: 'Bearer fuzz-unknown-key-0123456789abcdef' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: `bearer ${right}` },
    { authorization: `Bearer  ${right}` },
    { authorization: `Bearer ${right} ` },
    { authorization: `Bearer ${right}x` },
    { authorization: `Bearer ${right.slice(0, -1)}` },
    { authorization: `Bearer ${'k'.repeat(8000)}` },
    { authorization: 'Bearer \u00e9\u00ff' },
    { authorization: `Bearer ${right}`, 'x-api-key': 'fuzz-unknown-key' },
    { 'x-api-key': '' },
    { 'x-api-key': `${right},${right}` },
  ]);
  return { headers: malformed, label: 'malformed key' };
}

/** Headers any request may carry: hostile request ids, accept, origin, forwarded-for. */
function extraHeaders(rng: Rng): Record<string, string> {
  if (rng.next() < 0.8) return {};
  return pick<Record<string, string>>(rng, [
    { 'x-request-id': '../../etc/passwd' },
    { 'x-request-id': 'x'.repeat(5000) },
    { 'x-request-id': '\u00e9\u00ff' },
    { accept: 'application/xml' },
    { accept: 'text/html;q=0, */*;q=0' },
    { 'accept-encoding': 'gzip, br, deflate, *' },
    { origin: 'http://evil.example' },
    { 'x-forwarded-for': 'not-an-ip, 999.1.1.1' },
    { cookie: `c=${'c'.repeat(20_000)}` },
  ]);
}

/** Every UTF-8 byte of `text` percent-encoded (encodeURIComponent refuses lone surrogates). */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** An id for a path parameter: a known one, an unknown valid one, or a hostile one. */
function pathId(rng: Rng, known: readonly string[]): string {
  if (known.length > 0 && rng.next() < 0.6) return pick(rng, known);
  return pick(rng, [
    'f'.repeat(64),
    'active',
    'active.json',
    '.hidden',
    'x.json',
    '..',
    '%2e%2e',
    '..%2F..%2Factive',
    '%2F',
    '%00',
    '%ZZ',
    'a'.repeat(129),
    'a'.repeat(5000),
    '-',
    '__proto__',
    'constructor',
    percentEncoded(pick(rng, HOSTILE_STRINGS)),
  ]);
}

/** A JSON or garbage body where none belongs, sometimes. */
function strayBody(rng: Rng): { payload?: Buffer; headers: Record<string, string> } {
  if (rng.next() < 0.8) return { headers: {} };
  const payload = jsonBytes(hostileValue(rng));
  return {
    payload,
    headers: rng.next() < 0.7 ? { 'content-type': 'application/json' } : { 'content-type': 'text/plain' },
  };
}

const QUERIES = ['', '', '', '?x=1', '?__proto__[a]=1', `?${'q'.repeat(3000)}`, '?%ZZ', '?a=%00'];

interface RouteSpec {
  name: string;
  /** How often it is chosen, relative to the others. */
  weight: number;
  make(rng: Rng, ctx: FuzzContext): HostileRequest;
}

/** A request to a route without a body of its own: method, path, the credentials it needs. */
function plain(rng: Rng, method: string, path: string, role: Role | null, name: string): HostileRequest {
  const auth = credentials(rng, role);
  const stray = strayBody(rng);
  return {
    method,
    url: `${path}${pick(rng, QUERIES)}`,
    headers: { ...auth.headers, ...extraHeaders(rng), ...stray.headers },
    payload: stray.payload,
    label: `${name} ${auth.label}${stray.payload ? ' stray body' : ''}`,
  };
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
/** The routes' paths and the methods they serve (HEAD with every GET). */
const SERVED: readonly [string, readonly string[]][] = [
  ['/v1/predictions', ['POST']],
  ['/v1/training-jobs', ['GET', 'HEAD', 'POST']],
  ['/v1/models', ['GET', 'HEAD']],
  ['/v1/models/rollback', ['POST']],
  ['/v1/models/{id}', ['GET', 'HEAD', 'DELETE']],
  ['/v1/models/{id}/activate', ['POST']],
  ['/healthz', ['GET', 'HEAD']],
  ['/readyz', ['GET', 'HEAD']],
  ['/metrics', ['GET', 'HEAD']],
  ['/docs/json', ['GET', 'HEAD']],
];
const UNKNOWN_PATHS = [
  '/',
  '/v2/predictions',
  '/V1/PREDICTIONS',
  '/v1/predictions/',
  '/v1/predictions/x',
  '/v1//models',
  '/v1/models/x/y/z',
  '/v1/../v1/models',
  '/docs/../package.json',
  '/docs/static/%2e%2e/%2e%2e/package.json',
  '/docs/static/..%2F..%2Fpackage.json',
  '/healthz%00',
  '/.env',
  '/admin',
  '/%',
  '/%ZZ',
  `/${'a'.repeat(10_000)}`,
  `/v1/${'a/'.repeat(2000)}`,
];

export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'POST /v1/predictions',
    weight: 20,
    make: (rng, ctx) => {
      const auth = credentials(rng, 'predict');
      const req = hostilePredictionRequest(rng, ctx.template, auth.headers);
      return { ...req, label: `${req.label} ${auth.label}` };
    },
  },
  {
    name: 'POST /v1/training-jobs',
    weight: 12,
    make: (rng) => {
      const auth = credentials(rng, 'train');
      const req = hostileTrainingRequest(rng, auth.headers);
      return { ...req, label: `${req.label} ${auth.label}` };
    },
  },
  {
    name: 'GET /v1/training-jobs',
    weight: 3,
    make: (rng) =>
      plain(rng, 'GET', '/v1/training-jobs', pick(rng, ['train', 'admin'] as const), 'list jobs'),
  },
  {
    name: 'GET /v1/training-jobs/:id',
    weight: 5,
    make: (rng, ctx) =>
      plain(
        rng,
        'GET',
        `/v1/training-jobs/${pathId(rng, ctx.jobIds)}`,
        pick(rng, ['train', 'admin'] as const),
        'get job',
      ),
  },
  {
    name: 'GET /v1/models',
    weight: 3,
    make: (rng) => plain(rng, 'GET', '/v1/models', pick(rng, ['predict', 'metrics'] as const), 'list models'),
  },
  {
    name: 'GET /v1/models/:id',
    weight: 5,
    make: (rng, ctx) => plain(rng, 'GET', `/v1/models/${pathId(rng, ctx.modelIds)}`, 'predict', 'model card'),
  },
  {
    name: 'GET /v1/models/:id/report',
    weight: 3,
    make: (rng, ctx) =>
      plain(rng, 'GET', `/v1/models/${pathId(rng, ctx.modelIds)}/report`, 'train', 'report'),
  },
  {
    name: 'POST /v1/models/:id/activate',
    weight: 5,
    make: (rng, ctx) =>
      plain(rng, 'POST', `/v1/models/${pathId(rng, ctx.modelIds)}/activate`, 'admin', 'activate'),
  },
  {
    name: 'POST /v1/models/rollback',
    weight: 4,
    make: (rng) => plain(rng, 'POST', '/v1/models/rollback', 'admin', 'rollback'),
  },
  {
    name: 'DELETE /v1/models/:id',
    weight: 4,
    make: (rng, ctx) => plain(rng, 'DELETE', `/v1/models/${pathId(rng, ctx.modelIds)}`, 'admin', 'delete'),
  },
  { name: 'GET /healthz', weight: 2, make: (rng) => plain(rng, 'GET', '/healthz', null, 'healthz') },
  { name: 'GET /readyz', weight: 2, make: (rng) => plain(rng, 'GET', '/readyz', null, 'readyz') },
  {
    name: 'GET /metrics',
    weight: 3,
    make: (rng) => plain(rng, 'GET', '/metrics', pick(rng, ['metrics', 'admin'] as const), 'metrics'),
  },
  {
    name: 'GET /docs',
    weight: 3,
    make: (rng) =>
      plain(
        rng,
        'GET',
        pick(rng, [
          '/docs',
          '/docs/',
          '/docs/json',
          '/docs/yaml',
          '/docs/static/index.html',
          '/docs/static/swagger-ui.css',
          '/docs/static/nope.js',
        ]),
        null,
        'docs',
      ),
  },
  {
    name: 'unknown path',
    weight: 5,
    make: (rng) =>
      plain(rng, pick(rng, ['GET', 'POST', 'DELETE']), pick(rng, UNKNOWN_PATHS), 'admin', 'unknown path'),
  },
  {
    name: 'wrong method',
    weight: 6,
    make: (rng, ctx) => {
      const [path, served] = pick(rng, SERVED);
      const method = pick(
        rng,
        METHODS.filter((m) => !served.includes(m)),
      );
      return plain(rng, method, path.replace('{id}', pathId(rng, ctx.modelIds)), 'admin', 'wrong method');
    },
  },
];

const TOTAL_WEIGHT = ROUTES.reduce((n, r) => n + r.weight, 0);

/** A route chosen by weight, and its request. */
export function hostileServiceRequest(
  rng: Rng,
  ctx: FuzzContext,
): { route: string; request: HostileRequest } {
  let at = rng.next() * TOTAL_WEIGHT;
  const route = ROUTES.find((r) => (at -= r.weight) < 0) ?? ROUTES[ROUTES.length - 1];
  return { route: route.name, request: route.make(rng, ctx) };
}
