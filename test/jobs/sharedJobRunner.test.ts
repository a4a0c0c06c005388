/**
 * The job runner on a store shared by replicas, with the lease clock in the test's hands (a memory
 * store with an injected clock, one queue whose worker is replica B): a job submitted on A runs on B
 * and its progress is read on A; when B's lease runs out a third replica settles the job, and B, which
 * still had the job in hand, can then neither write its record nor register its model.
 */
import { describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../../src/jobs/directoryJobStore.js';
import { InProcessJobQueue } from '../../src/jobs/jobQueue.js';
import { JobRunner } from '../../src/jobs/jobRunner.js';
import { MemoryJobSpool } from '../../src/jobs/jobSpool.js';
import { MemoryModelRegistry } from '../../src/registry/memoryRegistry.js';
import { ModelService } from '../../src/registry/modelService.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakeModelLoader } from '../helpers/fakeModel.js';
import { FakeTrainer } from '../helpers/fakeTrainer.js';

const LEASE_MS = 60_000;
const request = { cohortCsv: 'patient_id,her2\nP1,over\n', config: { seed: 1 } };

async function cluster() {
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const store = new MemoryJobStore(() => clock);
  const spool = new MemoryJobSpool();
  const queue = new InProcessJobQueue();
  const registry = new MemoryModelRegistry();
  const models = new ModelService(registry, fakeModelLoader, 4);
  await models.init();
  const replica = (owner: string, trainer: FakeTrainer, worker: boolean) =>
    JobRunner.open({
      store,
      spool,
      queue,
      trainer,
      models,
      maxQueued: 16,
      qualityGate: { maxAucDrop: 0.02 },
      worker,
      // renewals and sweeps far apart: the test moves the clock, and a new replica sweeps when it opens
      lease: { owner, leaseMs: LEASE_MS, heartbeatMs: 3_600_000 },
    });
  return { store, spool, registry, replica, advance: (ms: number) => (clock += ms) };
}

/** The FakeTrainer's progress writes are promise chains on the memory store: let them land. */
async function progressLanded(store: MemoryJobStore, id: string): Promise<void> {
  for (let i = 0; i < 50 && (await store.get(id))?.stage !== 'feature selection'; i++)
    await new Promise((r) => setImmediate(r));
}

describe('JobRunner on a shared store', () => {
  it('runs on the worker a job submitted elsewhere; the submitter reads its progress from the store', async () => {
    const c = await cluster();
    const held = new FakeTrainer();
    const h = held.hold();
    const a = await c.replica('replica-a', new FakeTrainer(), false);
    const b = await c.replica('replica-b', held, true);
    const job = await a.submit(request, { activate: false, submittedBy: 'k' });
    await h.started.promise;
    await progressLanded(c.store, job.id);
    expect(await a.find(job.id)).toMatchObject({
      state: 'running',
      stage: 'feature selection',
      lease: { owner: 'replica-b' },
    });
    const artifact = makeFakeArtifact({ label: 'shared-ok' });
    h.release.resolve(artifact);
    await b.whenIdle();
    expect(await a.find(job.id)).toMatchObject({ state: 'succeeded', modelId: artifact.id });
    expect(await c.registry.has(artifact.id)).toBe(true);
    expect(c.spool.files.size).toBe(0);
    await a.shutdown();
    await b.shutdown();
  });

  it('a replica whose lease ran out is settled by another and can no longer write or register', async () => {
    const c = await cluster();
    const held = new FakeTrainer();
    const h = held.hold();
    const b = await c.replica('replica-b', held, true);
    const job = await b.submit(request, { activate: true, submittedBy: 'k' });
    await h.started.promise;
    await progressLanded(c.store, job.id); // (a write after the clock moved would renew the lease)
    c.advance(LEASE_MS + 1); // B stops renewing (paused, cut off): its lease runs out
    const survivor = await c.replica('replica-c', new FakeTrainer(), false); // sweeps as it opens
    const settled = await survivor.find(job.id);
    expect(settled).toMatchObject({
      state: 'interrupted',
      error: expect.stringMatching(/replica running this job stopped \(no heartbeat for 60 s\)/),
      activation: { requested: true, activated: false },
    });
    // B comes back with a trained model: the write-ahead note no longer lands, so nothing is registered
    const late = makeFakeArtifact({ label: 'too-late' });
    h.release.resolve(late);
    await b.whenIdle();
    expect(await c.registry.has(late.id)).toBe(false);
    expect(await c.store.get(job.id)).toEqual(settled);
    await b.shutdown();
    await survivor.shutdown();
    expect((await c.store.get(job.id))?.state).toBe('interrupted');
  });
});
