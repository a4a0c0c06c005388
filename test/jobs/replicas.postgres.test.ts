/**
 * Issue 12, jobs across replicas in separate processes on one real PostgreSQL: a job submitted to a
 * replica that serves only (--no-worker) runs on a worker (`her2 worker`), its progress is read on the
 * submitting replica, a cancel sent there stops it on the worker, and the next job runs there once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../support/usePostgres.js';
import { type ReplicaProcess, jobClient, spawnReplica, until } from '../support/replicaProcesses.js';

const postgres = usePostgres();
let front: ReplicaProcess;
let worker: ReplicaProcess;

beforeAll(async () => {
  const env = { HER2_DATABASE_URL: await postgres.freshDatabase('replicas'), HER2_JOB_LEASE_SECONDS: '3' };
  // both start at once: migrations and pg-boss's schema are made once, under their advisory locks
  [front, worker] = await Promise.all([spawnReplica('serve --no-worker', env), spawnReplica('worker', env)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([front?.stop(), worker?.stop()]);
});

const cohortCsv = 'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.3\n';
const submit = (cohortName: string) =>
  jobClient(front.url!).submit(`${cohortCsv}P2,zero,training,0,1,0.${cohortName.length}\n`, cohortName, {});
const readJob = (id: string) => jobClient(front.url!).read(id);

describe('training jobs on two replicas in separate processes', () => {
  it('runs a job submitted to a --no-worker replica on the worker; progress and cancel cross replicas', async () => {
    expect(worker.url).toBeNull(); // the worker serves no HTTP
    const hanging = await submit('hang.csv');
    expect(hanging.state).toBe('queued');
    const running = await until(
      'the worker’s progress, read on the front replica',
      () => readJob(hanging.id),
      (j) => j.stage === 'hanging',
    );
    expect(running).toMatchObject({ state: 'running', percent: 20 });
    await worker.said((l) => l.event === 'train' && l.cohortName === 'hang.csv');

    const cancel = await fetch(`${front.url}/v1/training-jobs/${hanging.id}`, { method: 'DELETE' });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toMatchObject({ state: 'running', cancelRequested: true });
    await worker.said((l) => l.event === 'aborted' && l.cohortName === 'hang.csv');
    const cancelled = await until(
      'the cancelled state',
      () => readJob(hanging.id),
      (j) => j.state === 'cancelled',
    );
    expect(cancelled.error).toMatch(/cancelled by a request/);
    expect(cancelled.model).toBeNull();

    const normal = await submit('normal.csv');
    const done = await until(
      'the second job’s end',
      () => readJob(normal.id),
      (j) => j.state === 'succeeded',
    );
    expect(done).toMatchObject({ percent: 100, model: { id: expect.any(String) } });
    // the model it registered is in the shared registry, listed by the front replica
    const models = (await (await fetch(`${front.url}/v1/models`)).json()) as { models: { id: string }[] };
    expect(models.models.map((m) => m.id)).toContain(done.model!.id);
    // each job reached the worker's trainer exactly once
    expect(worker.lines.filter((l) => l.event === 'train').map((l) => l.cohortName)).toEqual([
      'hang.csv',
      'normal.csv',
    ]);
    // a finished job cannot be cancelled
    const late = await fetch(`${front.url}/v1/training-jobs/${normal.id}`, { method: 'DELETE' });
    expect(late.status).toBe(409);
  }, 60_000);
});
