/**
 * Issue 12: kill -9 of the replica running a training job. The survivor (here a replica that serves
 * only) settles it within the lease (3 s here): reported interrupted, its queued input removed, no
 * model registered from it; a new worker runs the next job and never runs the interrupted one again.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../support/usePostgres.js';
import { type ReplicaProcess, jobClient, spawnReplica, until } from '../support/replicaProcesses.js';

const postgres = usePostgres();
let env: Record<string, string>;
let front: ReplicaProcess;
let worker: ReplicaProcess;
let replacement: ReplicaProcess | undefined;

beforeAll(async () => {
  env = { HER2_DATABASE_URL: await postgres.freshDatabase('kill'), HER2_JOB_LEASE_SECONDS: '3' };
  // one after the other (test/jobs/replicas.postgres.test.ts starts two at once)
  front = await spawnReplica('serve --no-worker', env);
  worker = await spawnReplica('worker', env);
}, 60_000);
afterAll(async () => {
  await Promise.all([front?.stop(), worker?.stop(), replacement?.stop()]);
});

const submit = (cohortName: string) =>
  jobClient(front.url!).submit(`patient_id,her2\n${cohortName},over\n`, cohortName, {});
const readJob = (id: string) => jobClient(front.url!).read(id);

describe('kill -9 of the replica running a job', () => {
  it('is settled by the survivor within the lease: interrupted, nothing half-written, never run again', async () => {
    const job = await submit('hang-doomed.csv');
    await until(
      'the job running on the worker',
      () => readJob(job.id),
      (j) => j.stage === 'hanging',
    );
    worker.child.kill('SIGKILL');
    // the lease (3 s) runs out by the database's clock; the survivor sweeps every second
    const settled = await until(
      'the survivor’s verdict',
      () => readJob(job.id),
      (j) => j.state === 'interrupted',
    );
    expect(settled.error).toMatch(/replica running this job stopped \(no heartbeat for 3 s\)/);
    expect(settled.model).toBeNull();

    const db = new pg.Client({ connectionString: env.HER2_DATABASE_URL });
    await db.connect();
    try {
      const row = await db.query('SELECT lease_owner, record FROM training_jobs WHERE id = $1', [job.id]);
      expect(row.rows[0].lease_owner).toBeNull();
      expect(row.rows[0].record).not.toHaveProperty('registration');
      const inputs = await db.query('SELECT count(*)::int AS n FROM training_job_inputs WHERE job_id = $1', [
        job.id,
      ]);
      expect(inputs.rows[0].n).toBe(0);
      const models = await db.query('SELECT count(*)::int AS n FROM model_artifacts');
      expect(models.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }

    replacement = await spawnReplica('worker', env);
    const next = await submit('next.csv');
    const done = await until(
      'the next job on the new worker',
      () => readJob(next.id),
      (j) => j.state === 'succeeded',
    );
    expect(done.model).not.toBeNull();
    expect(replacement.lines.filter((l) => l.event === 'train').map((l) => l.cohortName)).toEqual([
      'next.csv',
    ]);
    expect((await readJob(job.id)).state).toBe('interrupted');
  }, 60_000);
});
