/**
 * Seeded fuzzing of the two routes that take client data (issue 9): hostile JSON and multipart bodies
 * to POST /v1/predictions (the real default model, and the same model with a categorical input) and
 * POST /v1/training-jobs (a fake trainer: nothing trains). Every response must be 2xx or 4xx, never
 * 5xx; a refused training request must queue nothing; no prototype is polluted; and the app still
 * answers a valid request at the end. Bounded by request count (no timings). A failure prints the
 * seed, the request's index and label and an excerpt of its body, enough to reproduce it.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOB_SPOOL_DIR } from '../../src/jobs/jobSpool.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { loadModel } from '../../src/model/loadModel.js';
import { createRng } from '../../src/stats/random.js';
import {
  CATEGORICAL_COLUMN,
  CATEGORICAL_LEVELS,
  withCategoricalInput,
} from '../helpers/hostile/categoricalArtifact.js';
import { type PatientTemplate, hostilePredictionRequest } from '../helpers/hostile/predictionRequests.js';
import type { HostileRequest } from '../helpers/hostile/request.js';
import { SMALL_COHORT_CSV } from '../helpers/hostile/multipartBodies.js';
import { hostileTrainingRequest } from '../helpers/hostile/trainingRequests.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../helpers/testApp.js';
import { patientInput, trainedDemoModel } from '../helpers/trainedDemoModel.js';

const SEED = 9_2025;
const PREDICTION_REQUESTS = 400;
const TRAINING_REQUESTS = 400;

interface FuzzOutcome {
  statuses: Map<number, number>;
  /** Requests answered 5xx (or not at all), described for reproduction. */
  failures: string[];
}

const excerpt = (payload: Buffer | undefined) =>
  JSON.stringify((payload ?? Buffer.alloc(0)).subarray(0, 160).toString('latin1'));

async function fuzz(
  t: TestApp,
  seed: number,
  count: number,
  make: (rng: ReturnType<typeof createRng>) => HostileRequest,
) {
  const rng = createRng(seed);
  const outcome: FuzzOutcome = { statuses: new Map(), failures: [] };
  for (let i = 0; i < count; i++) {
    const req = make(rng);
    let status: number;
    try {
      const res = await t.app.inject({
        method: req.method as 'POST',
        url: req.url,
        headers: req.headers,
        payload: req.payload,
      });
      status = res.statusCode;
    } catch (e) {
      status = 0;
      outcome.failures.push(`seed ${seed} #${i} ${req.label}: no response (${(e as Error).message})`);
    }
    outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
    if (status >= 500)
      outcome.failures.push(
        `seed ${seed} #${i} ${req.label}: ${status} ${req.method} ${req.url.slice(0, 80)} ${excerpt(req.payload)}`,
      );
  }
  return outcome;
}

const count = (o: FuzzOutcome, from: number, to: number) =>
  [...o.statuses].filter(([s]) => s >= from && s < to).reduce((n, [, c]) => n + c, 0);

function expectNoPrototypePollution(): void {
  for (const key of ['polluted', 'isAdmin']) {
    expect(({} as Record<string, unknown>)[key], key).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty(key);
  }
}

let demo: Awaited<ReturnType<typeof trainedDemoModel>>;
beforeAll(async () => {
  demo = await trainedDemoModel();
});

/** The app serving `artifact` with the real loader, and a valid patient for it (categorical inputs at a known level). */
async function realModelApp(artifact: ModelArtifact): Promise<{ t: TestApp; template: PatientTemplate }> {
  const t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel });
  const patient = patientInput(demo.cohort, 0, artifact.input.features);
  const categorical = Object.fromEntries(
    Object.entries(artifact.input.categorical).map(([name, e]) => [name, e.levels]),
  );
  const levels = Object.fromEntries(Object.entries(categorical).map(([name, l]) => [name, l[1]]));
  return {
    t,
    template: { features: { ...patient.features, ...levels }, clinical: patient.clinical, categorical },
  };
}

const predict = (t: TestApp, template: PatientTemplate, id: string, features = template.features) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/predictions',
    headers: auth(KEYS.predict),
    payload: { patients: [{ id, features, clinical: template.clinical }] },
  });

describe.each([
  ['the default model', (a: ModelArtifact) => a, 1],
  ['the default model with a categorical input', withCategoricalInput, 2],
])('POST /v1/predictions with hostile input, %s', (_name, variant, seedOffset) => {
  it(`answers ${PREDICTION_REQUESTS} hostile requests with 2xx or 4xx, then still predicts`, async () => {
    const artifact = variant(demo.artifact);
    const { t, template } = await realModelApp(artifact);
    try {
      expect((await predict(t, template, 'before')).statusCode).toBe(200);
      const o = await fuzz(t, SEED + seedOffset, PREDICTION_REQUESTS, (rng) =>
        hostilePredictionRequest(rng, template, auth(KEYS.predict)),
      );
      expect(o.failures).toEqual([]);
      expect(count(o, 200, 300) + count(o, 400, 500)).toBe(PREDICTION_REQUESTS);
      // The fuzz reaches the model, not only the parser: some damaged requests still predict, and
      // refusals come from the schema (400), the model (400 / 422) and the parser (400 / 415).
      expect(count(o, 200, 300)).toBeGreaterThan(PREDICTION_REQUESTS / 20);
      for (const s of [400, 415, 422]) expect(o.statuses.get(s), `status ${s}`).toBeGreaterThan(0);
      expectNoPrototypePollution();
      const after = await predict(t, template, 'after');
      expect(after.statusCode).toBe(200);
      expect(after.json().predictions[0].id).toBe('after');
      expect(await t.registry.getActive()).toMatchObject({ id: artifact.id });
    } finally {
      await t.close();
    }
  });
});

describe('POST /v1/predictions, categorical input given as a level name', () => {
  it('answers 200 for each known level and 400 naming the column for an unknown one', async () => {
    const { t, template } = await realModelApp(withCategoricalInput(demo.artifact));
    try {
      const withLevel = (level: unknown) => ({ ...template.features, [CATEGORICAL_COLUMN]: level as string });
      for (const level of CATEGORICAL_LEVELS)
        expect((await predict(t, template, 'C', withLevel(level))).statusCode, level).toBe(200);
      for (const level of ['OVAL', 'spiculated', '', 1]) {
        const res = await predict(t, template, 'C', withLevel(level));
        expect(res.statusCode, String(level)).toBe(400);
        expect(res.json().message).toContain(CATEGORICAL_COLUMN);
      }
    } finally {
      await t.close();
    }
  });
});

describe('POST /v1/training-jobs with hostile JSON and multipart input (fake trainer)', () => {
  it(`answers ${TRAINING_REQUESTS} hostile requests with 2xx or 4xx, queues only the accepted ones, then still accepts a job`, async () => {
    // A queue long enough that accepted jobs are never refused for want of room (that would be a 429).
    const t = await makeTestApp({ config: { maxQueuedJobs: TRAINING_REQUESTS } });
    try {
      const o = await fuzz(t, SEED + 3, TRAINING_REQUESTS, (rng) =>
        hostileTrainingRequest(rng, auth(KEYS.train)),
      );
      expect(o.failures).toEqual([]);
      expect(count(o, 200, 300) + count(o, 400, 500)).toBe(TRAINING_REQUESTS);
      expect(o.statuses.get(202)).toBeGreaterThan(TRAINING_REQUESTS / 20);
      for (const s of [400, 413, 415]) expect(o.statuses.get(s), `status ${s}`).toBeGreaterThan(0);
      await t.app.her2.jobs.whenIdle();
      // A refused request changed nothing: jobs exist for the 202s only, and no spool is left behind.
      expect(t.app.her2.jobs.list()).toHaveLength(o.statuses.get(202)!);
      expect(t.trainer.requests).toHaveLength(o.statuses.get(202)!);
      expect(await readdir(join(t.dir, 'jobs', JOB_SPOOL_DIR))).toEqual([]);
      expectNoPrototypePollution();
      const after = await t.app.inject({
        method: 'POST',
        url: '/v1/training-jobs',
        headers: auth(KEYS.train),
        payload: { cohortCsv: SMALL_COHORT_CSV },
      });
      expect(after.statusCode).toBe(202);
    } finally {
      await t.close();
    }
  });
});
