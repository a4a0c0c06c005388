/**
 * RFC 9457 problem details: every kind of error the service answers, over HTTP (content type, type
 * URI, title, status, detail, instance, the earlier fields kept) and through toErrorResponse for the
 * domain errors a route cannot easily provoke with the test doubles.
 */
import { CohortError } from '../../src/cohort/errors.js';
import { SiteAdaptationError } from '../../src/model/siteAdaptation.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobShutdownError, QueueFullError } from '../../src/jobs/jobRunner.js';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  UnknownSiteError,
  OutOfDistributionError,
} from '../../src/model/her2Model.js';
import { HttpError, toErrorResponse } from '../../src/plugins/errors.js';
import { PROBLEM_KINDS, type ProblemKind, problemBody } from '../../src/plugins/problems.js';
import {
  ActiveModelError,
  InvalidModelIdError,
  ModelNotFoundError,
  NoPreviousModelError,
} from '../../src/registry/types.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';

const TYPE = (kind: ProblemKind) => `https://her2.example/problems/${kind}`;

describe('the problem catalogue', () => {
  it('gives each kind its own type URI, its status and its fixed title', () => {
    const kinds = Object.keys(PROBLEM_KINDS) as ProblemKind[];
    const types = kinds.map((k) => problemBody(PROBLEM_KINDS[k].status, 'x', k).type);
    expect(new Set(types).size).toBe(kinds.length);
    for (const k of kinds) {
      const b = problemBody(PROBLEM_KINDS[k].status, 'what went wrong', k);
      expect(b).toMatchObject({
        type: TYPE(k),
        status: PROBLEM_KINDS[k].status,
        title: PROBLEM_KINDS[k].title,
      });
      expect([b.detail, b.message]).toEqual(['what went wrong', 'what went wrong']);
    }
  });

  it('falls back to the kind of the status, then to the status text, for an error without a kind', () => {
    expect(problemBody(404, 'x').type).toBe(TYPE('not-found'));
    expect(problemBody(405, 'x')).toMatchObject({
      type: 'https://her2.example/problems/method-not-allowed',
      title: 'Method Not Allowed',
      error: 'Method Not Allowed',
    });
  });
});

describe('toErrorResponse maps each domain error to its kind', () => {
  const cases: [unknown, number, ProblemKind][] = [
    [new MissingInputError('P', ['features.a']), 422, 'missing-inputs'],
    [new NotApplicableError('P', 'outside'), 422, 'not-applicable'],
    [new InvalidInputError('P', 'clinical.er', 'bad'), 400, 'invalid-input'],
    [
      new CohortError('not a number', { file: 'c.csv', row: 3, line: 5, column: 'age' }),
      400,
      'invalid-cohort',
    ],
    [new UnknownSiteError('P', 'site "x" is unknown'), 422, 'unknown-site'],
    [new SiteAdaptationError('too few patients', 'patients'), 422, 'site-adaptation'],
    [
      new OutOfDistributionError(
        [{ patientId: 'P', feature: 'f', value: 1e9, trainingRange: { min: 0, max: 1 } }],
        10,
      ),
      422,
      'out-of-distribution',
    ],
    [new NonFinitePredictionError('P'), 422, 'non-finite-prediction'],
    [new ModelNotFoundError('a'.repeat(64)), 404, 'model-not-found'],
    [new InvalidModelIdError('zz'), 400, 'invalid-model-id'],
    [new ActiveModelError('a'.repeat(64)), 409, 'active-model'],
    [new NoPreviousModelError(), 409, 'no-previous-model'],
    [new JobShutdownError(), 503, 'service-unavailable'],
    [new QueueFullError(3), 429, 'queue-full'],
    [new HttpError(408, 'late'), 408, 'request-timeout'],
    [new HttpError(400, 'field x', undefined, 'invalid-input'), 400, 'invalid-input'],
    [new Error('boom'), 500, 'internal-error'],
  ];
  it.each(cases.map(([e, s, k]) => [(e as Error).name, e, s, k] as const))(
    '%s',
    (_name, error, status, kind) => {
      const { statusCode, body } = toErrorResponse(error);
      expect(statusCode).toBe(status);
      expect(body).toMatchObject({ type: TYPE(kind), status, title: PROBLEM_KINDS[kind].title });
      expect(body.detail).toBe(body.message);
    },
  );
  it('never puts an internal error message in the body', () => {
    expect(toErrorResponse(new Error('secret path /x/y')).body.detail).not.toMatch(/secret/);
  });
});

describe('problem details over HTTP', () => {
  const active = makeFakeArtifact({ label: 'active' });
  let t: TestApp;
  let limited: TestApp;
  let empty: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ artifacts: [active], config: { predictionBodyLimit: 4096 } });
    limited = await makeTestApp({
      artifacts: [active],
      config: { rateLimit: { max: 1, timeWindowMs: 60_000 } },
    });
    empty = await makeTestApp({ artifacts: [] });
  });
  afterAll(async () => {
    await Promise.all([t.close(), limited.close(), empty.close()]);
  });

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> },
    status: number,
    kind: ProblemKind,
    url: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({
      type: TYPE(kind),
      title: PROBLEM_KINDS[kind].title,
      status,
      instance: url,
      error: expect.any(String),
    });
    expect(typeof body.detail).toBe('string');
    expect(body.message).toBe(body.detail);
    return body;
  };
  const predict = (app: TestApp, payload: unknown, url = '/v1/predictions') =>
    app.app.inject({ method: 'POST', url, headers: auth(KEYS.predict), payload: payload as object });

  it('400 invalid-request: a body that fails the schema, with per-field details', async () => {
    const body = expectProblem(await predict(t, { patients: [] }), 400, 'invalid-request', '/v1/predictions');
    expect(body.details).toEqual([{ field: 'body.patients', message: expect.any(String) }]);
  });

  it('400 bad-request: JSON that does not parse', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/predictions',
      headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
      payload: '{"patients": [',
    });
    expectProblem(res, 400, 'bad-request', '/v1/predictions');
  });

  it('400 invalid-input: a patient value the model refuses, naming patient and field', async () => {
    const patient = { ...fakePatient('P'), clinical: { er: 'maybe', pr: 'negative' } };
    const body = expectProblem(
      await predict(t, { patients: [patient] }),
      400,
      'invalid-input',
      '/v1/predictions',
    );
    expect(body.details).toEqual([{ patientId: 'P', field: 'clinical.er' }]);
  });

  it('404 model-not-found (instance keeps the query) and 400 for a query outside the schema', async () => {
    const url = '/v1/predictions?model=' + 'f'.repeat(64);
    expectProblem(await predict(t, { patients: [fakePatient('P')] }, url), 404, 'model-not-found', url);
    const bad = '/v1/predictions?allowOutOfDistribution=maybe';
    expectProblem(await predict(t, { patients: [fakePatient('P')] }, bad), 400, 'invalid-request', bad);
  });

  it('401 unauthorized with WWW-Authenticate: Bearer (RFC 6750: an error code only when a key was sent)', async () => {
    const none = await t.app.inject({ url: '/v1/models' });
    expectProblem(none, 401, 'unauthorized', '/v1/models');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="her2"');
    const wrong = await t.app.inject({ url: '/v1/models', headers: auth('not-a-key-0000000000') });
    expectProblem(wrong, 401, 'unauthorized', '/v1/models');
    expect(wrong.headers['www-authenticate']).toBe(
      'Bearer realm="her2", error="invalid_token", error_description="the API key is not valid"',
    );
    // a route that does not exist needs a key too: still a 401 with the challenge
    const unknown = await t.app.inject({ url: '/v1/nothing' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['www-authenticate']).toBe('Bearer realm="her2"');
  });

  it('403 forbidden: a key without the role', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/models/rollback',
      headers: auth(KEYS.predict),
    });
    expectProblem(res, 403, 'forbidden', '/v1/models/rollback');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it("404 not-found: fastify's unknown route", async () => {
    const res = await t.app.inject({ url: '/v1/nothing?x=1', headers: auth(KEYS.all) });
    expectProblem(res, 404, 'not-found', '/v1/nothing?x=1');
  });

  it('409 active-model and no-previous-model', async () => {
    const admin = auth(KEYS.admin);
    const url = `/v1/models/${active.id}`;
    expectProblem(await t.app.inject({ method: 'DELETE', url, headers: admin }), 409, 'active-model', url);
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/models/rollback', headers: admin }),
      409,
      'no-previous-model',
      '/v1/models/rollback',
    );
  });

  it("413 payload-too-large: fastify's body limit (predictionBodyLimit)", async () => {
    const big = { patients: Array.from({ length: 50 }, (_, i) => fakePatient(`P${i}`)) };
    expectProblem(await predict(t, big), 413, 'payload-too-large', '/v1/predictions');
  });

  it("415 unsupported-media-type: fastify's content-type parser", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/training-jobs',
      headers: { ...auth(KEYS.train), 'content-type': 'application/xml' },
      payload: '<cohort/>',
    });
    expectProblem(res, 415, 'unsupported-media-type', '/v1/training-jobs');
  });

  it('422 missing-inputs, listing them per patient', async () => {
    const patient = { ...fakePatient('P'), features: {} };
    const body = expectProblem(
      await predict(t, { patients: [patient] }),
      422,
      'missing-inputs',
      '/v1/predictions',
    );
    expect(body.details).toEqual([{ patientId: 'P', missing: expect.any(Array) }]);
  });

  it('429 rate-limited, with Retry-After', async () => {
    expect((await predict(limited, { patients: [fakePatient('P')] })).statusCode).toBe(200);
    const res = await predict(limited, { patients: [fakePatient('P')] });
    expectProblem(res, 429, 'rate-limited', '/v1/predictions');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('503 service-unavailable: no model loaded', async () => {
    expectProblem(await empty.app.inject({ url: '/readyz' }), 503, 'service-unavailable', '/readyz');
  });
});
