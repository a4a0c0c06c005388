/**
 * Two service processes on one PostgreSQL database (HER2_DATABASE_URL), as two replicas behind a load
 * balancer: a model activated through one is served by the other within 1 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServiceProcess, startServiceProcess } from '../../bench/serviceProcess.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { PostgresModelRegistry } from '../../src/registry/postgresRegistry.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakePatient } from '../helpers/fakeModel.js';
import { KEYS, TEST_API_KEYS, auth } from '../helpers/testApp.js';
import { usePostgres } from '../support/usePostgres.js';

const PROPAGATION_DEADLINE_MS = 1000;
const postgres = usePostgres();
const a1 = makeFakeArtifact({ label: 'proc1', createdAt: '2025-01-01T00:00:00.000Z' });
const a2 = makeFakeArtifact({ label: 'proc2', createdAt: '2025-02-01T00:00:00.000Z' });

interface ReplicaProcess extends ServiceProcess {
  logs: string[];
}

const replicas: ServiceProcess[] = [];
let dir = '';

async function startReplicaProcess(url: string, name: string): Promise<ReplicaProcess> {
  const script = fileURLToPath(new URL('../helpers/replicaServer.ts', import.meta.url));
  const logs: string[] = [];
  const env = {
    HER2_DATABASE_URL: url,
    // A long fallback tick: the change must come through LISTEN/NOTIFY.
    HER2_REGISTRY_POLL_MS: '60000',
    HER2_MODELS_DIR: join(dir, name),
    HER2_AUDIT_LOG: join(dir, `${name}-audit.log`),
    HER2_API_KEYS: JSON.stringify(TEST_API_KEYS),
  };
  const r = await startServiceProcess(env, (line) => void logs.push(line), ['--import', 'tsx', script]);
  replicas.push(r);
  return { ...r, logs };
}

async function predict(r: ReplicaProcess): Promise<string | undefined> {
  const res = await fetch(`${r.base}/v1/predictions`, {
    method: 'POST',
    headers: { ...auth(KEYS.predict), 'content-type': 'application/json' },
    body: JSON.stringify({ patients: [fakePatient('P1')] }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { model: { id: string } }).model.id;
}

let url = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-replicas-'));
  url = await postgres.freshDatabase('processes');
  const pool = createPool(url);
  await runMigrations(pool);
  const registry = new PostgresModelRegistry(pool);
  await registry.put(a1);
  await registry.put(a2);
  await registry.setActive(a1.id);
  await pool.end();
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe('two service processes on one PostgreSQL database', () => {
  it('a model activated through one is served by the other within 1 s', async () => {
    const [one, two] = await Promise.all([startReplicaProcess(url, 'one'), startReplicaProcess(url, 'two')]);
    expect(await predict(one)).toBe(a1.id);
    expect(await predict(two)).toBe(a1.id);

    const res = await fetch(`${one.base}/v1/models/${a2.id}/activate`, {
      method: 'POST',
      headers: auth(KEYS.admin),
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + PROPAGATION_DEADLINE_MS;
    let served = await predict(two);
    while (served !== a2.id && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      served = await predict(two);
    }
    expect(served).toBe(a2.id);
    const list = (await (await fetch(`${two.base}/v1/models`, { headers: auth(KEYS.admin) })).json()) as {
      active: string;
      previous: string[];
    };
    expect(list).toMatchObject({ active: a2.id, previous: [a1.id] });
    expect(one.logs.join('\n')).toContain('"registry":"postgresql://127.0.0.1:');
  });
});
