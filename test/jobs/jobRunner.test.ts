import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryJobStore } from '../../src/jobs/directoryJobStore.js';
import { DirectoryJobSpool } from '../../src/jobs/jobSpool.js';
import { JobRunner, JobShutdownError, QueueFullError } from '../../src/jobs/jobRunner.js';
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';
import { ModelService } from '../../src/registry/modelService.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakeModelLoader } from '../helpers/fakeModel.js';
import { FakeTrainer } from '../helpers/fakeTrainer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-jobs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const initial = makeFakeArtifact({ label: 'initial', validationAuc: 0.8 });
const request = { cohortCsv: 'patient_id,her2\nP1,over\n', config: { seed: 1 } };

async function setup(trainer = new FakeTrainer(), maxQueued = 16) {
  const registry = await DirectoryModelRegistry.open(dir);
  await registry.put(initial);
  await registry.setActive(initial.id);
  const models = new ModelService(registry, fakeModelLoader, 4);
  await models.init();
  const store = await DirectoryJobStore.open(join(dir, 'jobs'));
  const spool = await DirectoryJobSpool.open(join(dir, 'jobs', 'spool'));
  const runner = await JobRunner.open({
    store,
    spool,
    maxQueued,
    trainer,
    models,
    qualityGate: { maxAucDrop: 0.02 },
  });
  return { registry, models, store, spool, runner, trainer };
}

describe('JobRunner', () => {
  it('runs a job, registers the model and activates it when asked and the gate passes', async () => {
    const better = makeFakeArtifact({ label: 'better', validationAuc: 0.82 });
    const { runner, registry, models, trainer } = await setup(
      new FakeTrainer().next({ kind: 'succeed', artifact: better }),
    );
    const job = await runner.submit(request, { activate: true, submittedBy: 'k1' });
    expect(job.state).toBe('queued');
    expect(job.input.cohortBytes).toBe(Buffer.byteLength(request.cohortCsv));
    await runner.whenIdle();
    const done = runner.get(job.id)!;
    expect(done).toMatchObject({
      state: 'succeeded',
      modelId: better.id,
      percent: 100,
      activation: { requested: true, activated: true },
    });
    expect(await registry.has(better.id)).toBe(true);
    expect(models.active?.id).toBe(better.id);
    expect((await registry.getActive())?.id).toBe(better.id);
    expect(trainer.requests[0]).toEqual(request);
  });

  it('keeps a model that fails the quality gate registered but inactive, and says why', async () => {
    const worse = makeFakeArtifact({ label: 'worse', validationAuc: { over: 0.8, low: 0.7, zero: 0.8 } });
    const { runner, registry, models } = await setup(
      new FakeTrainer().next({ kind: 'succeed', artifact: worse }),
    );
    const job = await runner.submit(request, { activate: true, submittedBy: null });
    await runner.whenIdle();
    const done = runner.get(job.id)!;
    expect(done.state).toBe('succeeded');
    expect(done.activation.activated).toBe(false);
    expect(done.activation.reason).toMatch(/quality gate failed.*low/);
    expect(await registry.has(worse.id)).toBe(true);
    expect(models.active?.id).toBe(initial.id);
  });

  it('does not activate when activation was not requested', async () => {
    const better = makeFakeArtifact({ label: 'better', validationAuc: 0.9 });
    const { runner, models } = await setup(new FakeTrainer().next({ kind: 'succeed', artifact: better }));
    const job = await runner.submit(request, { activate: false, submittedBy: null });
    await runner.whenIdle();
    expect(runner.get(job.id)?.activation).toEqual({
      requested: false,
      activated: false,
      reason: 'activation not requested',
    });
    expect(models.active?.id).toBe(initial.id);
  });

  it('records the trainer error message on failure', async () => {
    const { runner } = await setup(
      new FakeTrainer().next({ kind: 'fail', message: 'cohort: column her2 missing' }),
    );
    const job = await runner.submit(request, { activate: true, submittedBy: null });
    await runner.whenIdle();
    expect(runner.get(job.id)).toMatchObject({
      state: 'failed',
      error: 'cohort: column her2 missing',
      activation: { activated: false },
    });
  });

  it('runs one job at a time and queues the rest, reporting stage and percent', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const { runner } = await setup(trainer);
    const j1 = await runner.submit(request, { activate: false, submittedBy: null });
    const j2 = await runner.submit(request, { activate: false, submittedBy: null });
    await h.started.promise;
    expect(runner.get(j1.id)).toMatchObject({ state: 'running', stage: 'feature selection', percent: 40 });
    expect(runner.get(j2.id)?.state).toBe('queued');
    expect(trainer.requests).toHaveLength(1);
    expect(runner.counts()).toMatchObject({ running: 1, queued: 1 });
    h.release.resolve(makeFakeArtifact({ label: 'held' }));
    await runner.whenIdle();
    expect(runner.get(j1.id)?.state).toBe('succeeded');
    expect(runner.get(j2.id)?.state).toBe('succeeded');
    expect(runner.list().map((j) => j.id)).toContain(j2.id);
  });

  it('on shutdown aborts the running job and records running and queued jobs as interrupted', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const { runner, store } = await setup(trainer);
    const j1 = await runner.submit(request, { activate: true, submittedBy: null });
    const j2 = await runner.submit(request, { activate: false, submittedBy: null });
    await h.started.promise;
    await runner.shutdown();
    expect(trainer.aborted).toBe(1);
    expect(runner.get(j1.id)).toMatchObject({ state: 'interrupted', activation: { activated: false } });
    expect(runner.get(j1.id)?.error).toMatch(/shut down while this job was running/);
    expect(runner.get(j2.id)?.error).toMatch(/queued/);
    const persisted = await store.list();
    expect(persisted.map((r) => r.state).sort()).toEqual(['interrupted', 'interrupted']);
    await expect(runner.submit(request, { activate: false, submittedBy: null })).rejects.toBeInstanceOf(
      JobShutdownError,
    );
  });

  it('after a crash, jobs persisted as running or queued are reported as interrupted', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const first = await setup(trainer);
    const j1 = await first.runner.submit(request, { activate: false, submittedBy: null });
    const j2 = await first.runner.submit(request, { activate: false, submittedBy: null });
    await h.started.promise;
    // "crash": no shutdown; a new process opens the same store
    const restarted = await setup(new FakeTrainer());
    expect(restarted.runner.get(j1.id)).toMatchObject({ state: 'interrupted' });
    expect(restarted.runner.get(j1.id)?.error).toMatch(/stopped while this job was running/);
    expect(restarted.runner.get(j2.id)?.error).toMatch(/stopped while this job was queued/);
    expect((await restarted.store.list()).every((r) => r.state === 'interrupted')).toBe(true);
    h.release.reject(new Error('gone'));
    await first.runner.shutdown();
  });
});

describe('JobRunner: spooled input and the queue limit', () => {
  const spoolDir = () => join(dir, 'jobs', 'spool');
  const spooled = (id: string, file = 'cohort') => readFile(join(spoolDir(), id, `${file}.csv`), 'utf8');

  it('keeps a queued job’s files in the spool and trains on what it reads back from there', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const { runner } = await setup(trainer);
    await runner.submit(request, { activate: false, submittedBy: null });
    const withRepeats = { ...request, interCsv: 'patient_id,f\nP1,1\n', intraCsv: 'patient_id,f\nP1,2\n' };
    const j2 = await runner.submit(withRepeats, { activate: false, submittedBy: null });
    await h.started.promise;
    expect(await spooled(j2.id)).toBe(request.cohortCsv);
    expect(await spooled(j2.id, 'inter')).toBe(withRepeats.interCsv);
    expect(await spooled(j2.id, 'intra')).toBe(withRepeats.intraCsv);
    // Change the spooled cohort while the job waits: the trainer must get the file's content, which
    // it can only if the queue did not keep its own copy in memory.
    const changed = 'patient_id,her2\nP9,zero\n';
    await writeFile(join(spoolDir(), j2.id, 'cohort.csv'), changed);
    h.release.resolve(makeFakeArtifact({ label: 'held' }));
    await runner.whenIdle();
    expect(trainer.requests[1]).toEqual({ ...withRepeats, cohortCsv: changed });
    expect(runner.get(j2.id)?.input.cohortSha256).toBe(
      createHash('sha256').update(request.cohortCsv).digest('hex'),
    );
  });

  it('removes a job’s spooled files when it succeeds, fails or is interrupted, and all of them on restart', async () => {
    const trainer = new FakeTrainer().next({ kind: 'fail', message: 'bad cohort' });
    const { runner } = await setup(trainer);
    const failed = await runner.submit(request, { activate: false, submittedBy: null });
    const succeeded = await runner.submit(request, { activate: false, submittedBy: null });
    await runner.whenIdle();
    expect(runner.get(failed.id)?.state).toBe('failed');
    expect(runner.get(succeeded.id)?.state).toBe('succeeded');
    expect(await readdir(spoolDir())).toEqual([]);

    const h = trainer.hold();
    const running = await runner.submit(request, { activate: false, submittedBy: null });
    const queued = await runner.submit(request, { activate: false, submittedBy: null });
    await h.started.promise;
    expect((await readdir(spoolDir())).sort()).toEqual([running.id, queued.id].sort());
    await runner.shutdown();
    expect(await readdir(spoolDir())).toEqual([]);

    // A crash leaves a queued job's files behind; the next start records the job interrupted and
    // removes them.
    const stuck = new FakeTrainer();
    stuck.hold();
    const crashed = await setup(stuck);
    await crashed.runner.submit(request, { activate: false, submittedBy: null });
    const left = await crashed.runner.submit(request, { activate: false, submittedBy: null });
    expect(await readdir(spoolDir())).toContain(left.id);
    const restarted = await setup();
    expect(restarted.runner.get(left.id)?.state).toBe('interrupted');
    expect(await readdir(spoolDir())).toEqual([]);
  });

  it('fails a job whose spooled input has disappeared, naming the cause', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const { runner } = await setup(trainer);
    await runner.submit(request, { activate: false, submittedBy: null });
    const j2 = await runner.submit(request, { activate: false, submittedBy: null });
    await h.started.promise;
    await rm(join(spoolDir(), j2.id), { recursive: true });
    h.release.resolve(makeFakeArtifact({ label: 'held' }));
    await runner.whenIdle();
    expect(runner.get(j2.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/spool/) });
    expect(trainer.requests).toHaveLength(1);
  });

  it('refuses a job past maxQueued waiting jobs, counting uploads still arriving, until one leaves', async () => {
    const trainer = new FakeTrainer();
    const h = trainer.hold();
    const { runner } = await setup(trainer, 2);
    await runner.submit(request, { activate: false, submittedBy: null }); // runs
    await h.started.promise;
    await runner.submit(request, { activate: false, submittedBy: null }); // waits (1)
    const arriving = await runner.reserve(); // an upload in progress (2)
    expect(await runner.isQueueFull()).toBe(true);
    const full = runner.submit(request, { activate: false, submittedBy: null });
    await expect(full).rejects.toBeInstanceOf(QueueFullError);
    await expect(full).rejects.toMatchObject({ retryAfterSeconds: 60, maxQueued: 2 });
    await expect(runner.reserve()).rejects.toThrow(QueueFullError);
    expect(runner.list()).toHaveLength(2);
    await runner.spoolInput(arriving, 'cohort', 'partial');
    await runner.release(arriving); // the upload was refused: its place and its files are given back
    expect(await readdir(spoolDir())).not.toContain(arriving);
    const third = await runner.submit(request, { activate: false, submittedBy: null });
    expect(third.state).toBe('queued');
    h.release.resolve(makeFakeArtifact({ label: 'held' }));
    await runner.whenIdle();
    expect(runner.counts()).toMatchObject({ succeeded: 3, queued: 0 });
  });
});
