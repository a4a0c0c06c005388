/**
 * Two replicas on one PostgreSQL registry (in one process here; test/integration/replicaProcesses.test.ts
 * runs them as separate processes): a change made through one is served by the other within 1 s.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { KEYS, auth } from '../helpers/testApp.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';
import { multiSiteCohort } from '../pipeline/siteEffects.js';
import { usePostgres } from '../support/usePostgres.js';
import { type Replica, startReplica } from '../support/postgresReplica.js';

/** The deadline of the specification: a change reaches every replica within 1 s. */
const PROPAGATION_DEADLINE_MS = 1000;

const postgres = usePostgres();
const a1 = makeFakeArtifact({ label: 'rep1', createdAt: '2025-01-01T00:00:00.000Z' });
const a2 = makeFakeArtifact({ label: 'rep2', createdAt: '2025-02-01T00:00:00.000Z' });
const a3 = makeFakeArtifact({ label: 'rep3', createdAt: '2025-03-01T00:00:00.000Z' });

let url = '';
beforeAll(async () => {
  url = await postgres.freshDatabase('replicas');
  const pool = createPool(url);
  await runMigrations(pool);
  await pool.end();
});
const replicas: Replica[] = [];
afterEach(async () => {
  await Promise.all(replicas.splice(0).map((r) => r.close()));
});
async function replica(...args: Parameters<typeof startReplica>): Promise<Replica> {
  const r = await startReplica(...args);
  replicas.push(r);
  return r;
}

async function predictWith(r: Replica, model?: string): Promise<{ status: number; modelId?: string }> {
  const res = await r.app.inject({
    method: 'POST',
    url: `/v1/predictions${model ? `?model=${model}` : ''}`,
    headers: auth(KEYS.predict),
    payload: { patients: [fakePatient('P1')] },
  });
  return { status: res.statusCode, modelId: res.statusCode === 200 ? res.json().model.id : undefined };
}

/** Poll until `check` holds; fail after `deadlineMs`. */
async function within(deadlineMs: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function admin(r: Replica, method: 'POST' | 'DELETE', path: string): Promise<number> {
  return (await r.app.inject({ method, url: path, headers: auth(KEYS.admin) })).statusCode;
}

describe('two replicas on one PostgreSQL registry', () => {
  it('activation, rollback and delete through one replica reach the other within 1 s', async () => {
    const a = await replica(url, { artifacts: [a1, a2, a3] });
    const b = await replica(url);
    expect(await predictWith(b)).toEqual({ status: 200, modelId: a1.id });

    expect(await admin(a, 'POST', `/v1/models/${a2.id}/activate`)).toBe(200);
    await within(PROPAGATION_DEADLINE_MS, 'B serves a2 after activation on A', async () => {
      return (await predictWith(b)).modelId === a2.id;
    });

    expect(await admin(a, 'POST', '/v1/models/rollback')).toBe(200);
    await within(PROPAGATION_DEADLINE_MS, 'B serves a1 after rollback on A', async () => {
      return (await predictWith(b)).modelId === a1.id;
    });

    // B has a3 loaded (cached); once A deletes it, B must stop serving it.
    expect(await predictWith(b, a3.id)).toEqual({ status: 200, modelId: a3.id });
    expect(await admin(a, 'DELETE', `/v1/models/${a3.id}`)).toBe(204);
    await within(PROPAGATION_DEADLINE_MS, 'B answers 404 for a3 after delete on A', async () => {
      return (await predictWith(b, a3.id)).status === 404;
    });
  });

  it('no prediction fails while the active model switches, and each names the model that answered', async () => {
    const a = await replica(url, { artifacts: [a1, a2] });
    const b = await replica(url);
    const seen: { status: number; modelId?: string }[] = [];
    let switching = true;
    const load = (async () => {
      while (switching) seen.push(await predictWith(b));
    })();
    for (const m of [a2, a1, a2, a1, a2]) {
      expect(await admin(a, 'POST', `/v1/models/${m.id}/activate`)).toBe(200);
      await within(
        PROPAGATION_DEADLINE_MS,
        `B serves ${m.id}`,
        async () => b.app.her2.models.active?.id === m.id,
      );
    }
    switching = false;
    await load;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    expect(new Set(seen.map((s) => s.modelId))).toEqual(new Set([a1.id, a2.id]));
  });

  it('without notifications, the periodic check alone brings the change', async () => {
    const a = await replica(url, { artifacts: [a1, a2] });
    // The feed passes on no notification of this registry's kind: only its 100 ms tick refreshes B.
    const b = await replica(url, { feedKind: 'not-her2-status', pollMs: 100 });
    await admin(a, 'POST', `/v1/models/${a1.id}/activate`);
    await within(
      PROPAGATION_DEADLINE_MS,
      'B serves a1',
      async () => (await predictWith(b)).modelId === a1.id,
    );
    expect(await admin(a, 'POST', `/v1/models/${a2.id}/activate`)).toBe(200);
    await within(PROPAGATION_DEADLINE_MS, 'B serves a2 by polling', async () => {
      return (await predictWith(b)).modelId === a2.id;
    });
  });
});

describe('a site adapted through one replica', () => {
  it('is applied by the other within 1 s (the adaptation is in the database, the change notified)', async () => {
    const data = multiSiteCohort(31);
    const artifact = await trainModel({
      ...data,
      config: parseTrainingConfig({ classifiers: ['lr'] }),
      seed: 3,
      cohortSha256: 'x',
      packageVersions: {},
    });
    const { cohort } = data;
    const rows = cohort.patientIds.map((_, i) => i).filter((i) => cohort.sites[i] === 'siteB');
    const featuresOf = (i: number) =>
      Object.fromEntries(
        artifact.input.features.map((f) => [f, cohort.features[cohort.featureNames.indexOf(f)][i]]),
      );
    const clinicalOf = (i: number) =>
      Object.fromEntries(Object.entries(cohort.clinical).map(([name, column]) => [name, column![i]]));
    const a = await replica(url, { artifacts: [artifact], modelLoader: loadModel });
    const b = await replica(url, { modelLoader: loadModel });
    const harmonisationOn = async (r: Replica) => {
      const res = await r.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: {
          patients: [
            { id: 'P', features: featuresOf(rows[0]), clinical: clinicalOf(rows[0]), site: 'siteB' },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      return (res.json().predictions[0].site as { harmonisation: string } | undefined)?.harmonisation;
    };
    expect(await harmonisationOn(b)).toBeUndefined(); // not site-aware yet: no site field
    const adapt = await a.app.inject({
      method: 'POST',
      url: `/v1/models/${artifact.id}/sites`,
      headers: auth(KEYS.admin),
      payload: {
        site: 'siteB',
        patients: rows.map((i) => ({ id: cohort.patientIds[i], features: featuresOf(i) })),
      },
    });
    expect(adapt.statusCode).toBe(201);
    expect(await harmonisationOn(a)).toBe('adapted-site');
    await within(PROPAGATION_DEADLINE_MS, 'B applies the site adapted on A', async () => {
      return (await harmonisationOn(b)) === 'adapted-site';
    });
  });
});
