/**
 * Issue 9, fault 4: a crash at every step boundary of a training job (each durable write, rename,
 * directory fsync of the job store and the registry) and a restart from the same directory must leave
 * job records and registry consistent: every model a job registered is linked to it, and its recorded
 * activation matches the active pointer, which the restarted service serves.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FsLayer, nodeFs } from '../../src/io/fsLayer.js';
import { DirectoryJobStore } from '../../src/jobs/directoryJobStore.js';
import { DirectoryJobSpool } from '../../src/jobs/jobSpool.js';
import { JobRunner } from '../../src/jobs/jobRunner.js';
import type { JobRecord } from '../../src/jobs/types.js';
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';
import { ModelService } from '../../src/registry/modelService.js';
import { crashingFs } from '../helpers/crashingFs.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakeModelLoader } from '../helpers/fakeModel.js';
import { FakeTrainer } from '../helpers/fakeTrainer.js';
import { jobRegistryViolations } from '../helpers/jobRegistryInvariant.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'her2-crashpoints-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const initial = makeFakeArtifact({ label: 'initial', validationAuc: 0.8 });
const request = { cohortCsv: 'patient_id,her2\nP1,over\n', config: { seed: 1 } };

async function openService(dir: string, fs: FsLayer, trainer = new FakeTrainer()) {
  const registry = await DirectoryModelRegistry.open(dir, fs);
  const models = new ModelService(registry, fakeModelLoader, 4);
  await models.init();
  const store = await DirectoryJobStore.open(join(dir, 'jobs'), fs);
  const spool = await DirectoryJobSpool.open(join(dir, 'jobs', 'spool'), fs);
  const runner = await JobRunner.open({
    store,
    trainer,
    models,
    qualityGate: { maxAucDrop: 0.02 },
    spool,
    maxQueued: 16,
  });
  return { registry, models, runner };
}

/** After the restart: the job records and the registry as the invariant checker sees them. */
async function restartAndCheck(dir: string) {
  const { registry, models, runner } = await openService(dir, nodeFs);
  const jobs = runner.list();
  const active = await registry.getActive();
  const violations = jobRegistryViolations(
    jobs.map((j) => ({
      id: j.id,
      state: j.state,
      modelId: j.modelId ?? null,
      activated: j.activation.activated,
      finishedAt: j.finishedAt,
    })),
    {
      models: (await registry.list()).map((m) => m.id),
      activeId: active?.id ?? null,
      notFromJobs: [initial.id],
      initialActiveId: initial.id,
    },
  );
  // the active model is the one served
  expect(models.active?.id).toBe(active?.id);
  // no leftovers of interrupted writes
  expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  expect((await readdir(join(dir, 'jobs'))).filter((n) => n.includes('.tmp-'))).toEqual([]);
  return { violations, jobs, activeId: active?.id ?? null };
}

const SCENARIOS = [
  { name: 'activation requested, gate passes', activate: true, auc: 0.85, expectActive: true },
  { name: 'activation not requested', activate: false, auc: 0.85, expectActive: false },
  { name: 'activation requested, gate fails', activate: true, auc: 0.6, expectActive: false },
];

describe('a crash at every step boundary of a training job, then a restart', () => {
  for (const s of SCENARIOS) {
    it(`leaves job records and registry consistent (${s.name})`, async () => {
      const candidate = makeFakeArtifact({ label: `candidate-${s.auc}`, validationAuc: s.auc });
      const outcomes = new Set<string>();
      let boundaries = 0;
      for (let n = 1; n < 100; n++) {
        const dir = join(root, `crash-${n}`);
        const setup = await DirectoryModelRegistry.open(dir);
        await setup.put(initial);
        await setup.setActive(initial.id);
        const fs = crashingFs();
        const trainer = new FakeTrainer().next({ kind: 'succeed', artifact: candidate });
        const { runner } = await openService(dir, fs, trainer);
        fs.arm(n);
        await runner.submit(request, { activate: s.activate, submittedBy: 'k' }).catch(() => undefined);
        await runner.whenIdle();
        const { violations, jobs, activeId } = await restartAndCheck(dir);
        expect(violations, `crash at mutation ${n}; done before it: ${fs.ops.join(', ')}`).toEqual([]);
        const job = jobs[0];
        outcomes.add(
          job ? `${job.state}${job.modelId ? `, active=${activeId === job.modelId}` : ''}` : 'none',
        );
        if (!fs.crashed) {
          // the run reached its end: it must have done what it was asked
          expect(job).toMatchObject({ state: 'succeeded', modelId: candidate.id });
          expect(job.activation.activated).toBe(s.expectActive);
          break;
        }
        boundaries = n;
      }
      expect(boundaries).toBeGreaterThan(10);
      // the sweep went through the boundaries that matter: before the model existed, after it was
      // registered but before the job record said so, and (when activating) after the pointer moved
      expect(outcomes).toContain('none');
      expect(outcomes).toContain('interrupted');
      expect(outcomes).toContain(`succeeded, active=false`);
      if (s.expectActive) expect(outcomes).toContain(`succeeded, active=true`);
    });
  }
});

describe('a registry step that fails without a crash', () => {
  it('links the job to a model that got registered and says the activation failed', async () => {
    const dir = join(root, 'fail');
    const setup = await DirectoryModelRegistry.open(dir);
    await setup.put(initial);
    await setup.setActive(initial.id);
    const candidate = makeFakeArtifact({ label: 'pointer-fails', validationAuc: 0.85 });
    const fs: FsLayer = {
      ...nodeFs,
      rename: async (from, to) => {
        if (to.endsWith('active.json')) throw new Error('disk full');
        return nodeFs.rename(from, to);
      },
    };
    const trainer = new FakeTrainer().next({ kind: 'succeed', artifact: candidate });
    const { runner, models } = await openService(dir, fs, trainer);
    const job = await runner.submit(request, { activate: true, submittedBy: null });
    await runner.whenIdle();
    expect(runner.get(job.id)).toMatchObject({
      state: 'succeeded',
      modelId: candidate.id,
      activation: {
        requested: true,
        activated: false,
        reason: expect.stringMatching(/registry step failed \(disk full\) before the model was activated/),
      },
    });
    expect(runner.get(job.id)).not.toHaveProperty('registration');
    expect(models.active?.id).toBe(initial.id);
    const { violations } = await restartAndCheck(dir);
    expect(violations).toEqual([]);
  });

  it('a failed record still carrying its note is settled on the next start', async () => {
    const dir = join(root, 'stale');
    const setup = await DirectoryModelRegistry.open(dir);
    await setup.put(initial);
    await setup.setActive(initial.id);
    const store = await DirectoryJobStore.open(join(dir, 'jobs'));
    const record = (id: string, modelId: string): JobRecord => ({
      id,
      state: 'failed',
      stage: 'registering',
      percent: 90,
      createdAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      error: 'training finished but the model could not be registered: EIO',
      activation: { requested: false, activated: false, reason: 'activation not requested' },
      registration: { modelId, synthetic: false, activate: false, reason: 'activation not requested' },
      submittedBy: null,
      input: { cohortName: null, cohortSha256: 'x', cohortBytes: 1, inter: false, intra: false, config: {} },
    });
    const landed = makeFakeArtifact({ label: 'landed' });
    await setup.put(landed);
    await store.save(record('got-in', landed.id));
    await store.save(record('never-got-in', 'absent-model'));
    const { violations, jobs } = await restartAndCheck(dir);
    expect(violations).toEqual([]);
    const byId = Object.fromEntries(jobs.map((j) => [j.id, j]));
    expect(byId['got-in']).toMatchObject({ state: 'succeeded', modelId: landed.id, percent: 100 });
    expect(byId['got-in']).not.toHaveProperty('error');
    expect(byId['never-got-in']).toMatchObject({ state: 'failed', error: expect.stringMatching(/EIO/) });
    const onDisk = await store.list();
    for (const r of onDisk) expect(r).not.toHaveProperty('registration');
  });
});
