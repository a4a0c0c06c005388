/** Crash safety across restarts: a failure between registry writes, a SIGKILL mid-switch, jobs left running. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryModelRegistry } from '../src/registry/directoryRegistry.js';
import { type FsLayer, nodeFs } from '../src/io/fsLayer.js';
import { makeFakeArtifact } from './helpers/fakeArtifact.js';
import { fakePatient } from './helpers/fakeModel.js';
import { FakeTrainer } from './helpers/fakeTrainer.js';
import { KEYS, auth, makeTestApp } from './helpers/testApp.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-restart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const a1 = makeFakeArtifact({ label: 'r1' });
const a2 = makeFakeArtifact({ label: 'r2' });
const predict = (app: Awaited<ReturnType<typeof makeTestApp>>['app']) =>
  app.inject({
    method: 'POST',
    url: '/v1/predictions',
    headers: auth(KEYS.predict),
    payload: { patients: [fakePatient('P')] },
  });

describe('restart after a crash', () => {
  it('a failure between the writes of an activation leaves the previous model serving after restart', async () => {
    let armed = false;
    const crashingFs: FsLayer = {
      ...nodeFs,
      rename: async (from, to) => {
        if (armed && to.endsWith('active.json'))
          throw new Error('simulated crash after the temporary pointer was written');
        return nodeFs.rename(from, to);
      },
    };
    const first = await makeTestApp({ dir, artifacts: [a1, a2], fs: crashingFs });
    expect((await predict(first.app)).json().model.id).toBe(a1.id);
    armed = true;
    const act = await first.app.inject({
      method: 'POST',
      url: `/v1/models/${a2.id}/activate`,
      headers: auth(KEYS.admin),
    });
    expect(act.statusCode).toBe(500);
    expect(act.json()).toMatchObject({
      type: 'https://her2.example/problems/internal-error',
      status: 500,
      error: 'Internal Server Error',
      message: expect.stringMatching(/internal error/),
    });
    // the failed activation did not switch the running service either
    expect((await predict(first.app)).json().model.id).toBe(a1.id);
    await first.app.close();

    const second = await makeTestApp({ dir, artifacts: [], activate: null });
    try {
      expect((await predict(second.app)).json().model.id).toBe(a1.id);
      expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('a process killed at an arbitrary moment while switching models leaves a valid active model', async () => {
    const reg = await DirectoryModelRegistry.open(dir);
    await reg.put(a1);
    await reg.put(a2);
    await reg.setActive(a1.id);
    const script = fileURLToPath(new URL('./helpers/activationLoop.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, a1.id, a2.id], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let lines = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        lines += chunk.toString().split('\n').length - 1;
        if (lines >= 25 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    const after = await DirectoryModelRegistry.open(dir);
    const active = await after.getActive();
    expect([a1.id, a2.id]).toContain(active?.id);
    expect(await after.get(active!.id)).toBeDefined();
    const app = await makeTestApp({ dir, artifacts: [], activate: null });
    try {
      expect((await predict(app.app)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('jobs running or queued when the process died are reported as interrupted after restart', async () => {
    const trainer = new FakeTrainer();
    const held = trainer.hold();
    const first = await makeTestApp({ dir, trainer });
    const submit = () =>
      first.app.inject({
        method: 'POST',
        url: '/v1/training-jobs',
        headers: auth(KEYS.train),
        payload: { cohortCsv: 'x\n' },
      });
    const running = (await submit()).json().id;
    const queued = (await submit()).json().id;
    await held.started.promise;
    // no graceful shutdown: a second process opens the same directory
    const second = await makeTestApp({ dir, artifacts: [], activate: null });
    try {
      const jobs = (await second.app.inject({ url: '/v1/training-jobs', headers: auth(KEYS.admin) })).json()
        .jobs;
      const byId = Object.fromEntries(jobs.map((j: { id: string }) => [j.id, j]));
      expect(byId[running]).toMatchObject({
        state: 'interrupted',
        error: expect.stringMatching(/was running/),
      });
      expect(byId[queued]).toMatchObject({
        state: 'interrupted',
        error: expect.stringMatching(/was queued/),
      });
    } finally {
      await second.close();
      await first.app.close();
    }
  });
});
