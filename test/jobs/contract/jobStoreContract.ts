/**
 * One behavioural contract for every JobStore (memory, directory, PostgreSQL): each implementation's
 * test file calls describeJobStoreContract with a factory of fresh, empty stores. `peer` is a second
 * handle on the same records, as a second replica has (another pool on PostgreSQL; the same object for
 * a single-process store). Leases of 0 ms have run out by the next operation, so no test waits.
 */
import { describe, expect, it } from 'vitest';
import type { JobRecord, JobState, JobStore } from '../../../src/jobs/types.js';

export interface JobStoreUnderTest {
  store: JobStore;
  peer: JobStore;
  close?(): Promise<void>;
}

const HOUR = 3_600_000;
let n = 0;

export function jobRecord(state: JobState = 'queued', activate = false): JobRecord {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    state,
    stage: state,
    percent: 0,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    activation: {
      requested: activate,
      activated: false,
      reason: activate ? 'pending' : 'activation not requested',
    },
    submittedBy: 'k1',
    input: {
      cohortName: 'c.csv',
      cohortSha256: 'ab'.repeat(32),
      cohortBytes: 10,
      inter: false,
      intra: true,
      config: { seed: 1 },
    },
  };
}

export function describeJobStoreContract(name: string, open: () => Promise<JobStoreUnderTest>): void {
  const withStore = (fn: (s: JobStoreUnderTest) => Promise<void>) => async () => {
    const s = await open();
    try {
      await fn(s);
    } finally {
      await s.close?.();
    }
  };

  describe(`JobStore contract: ${name}`, () => {
    it(
      'saves, replaces, gets and lists records as they were given',
      withStore(async ({ store, peer }) => {
        const a = jobRecord();
        const b = jobRecord('succeeded');
        await store.save(a);
        await store.save(b);
        expect(await peer.get(a.id)).toEqual(a);
        expect(await store.get('00000000-0000-4000-8000-ffffffffffff')).toBeUndefined();
        await store.save({ ...a, stage: 'parsing', percent: 5 });
        expect(await peer.get(a.id)).toMatchObject({ stage: 'parsing', percent: 5 });
        const listed = await peer.list();
        expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
        expect(listed.find((r) => r.id === b.id)).toEqual(b);
      }),
    );

    it(
      'claims a queued job for exactly one owner, even when two claim it at once',
      withStore(async ({ store, peer }) => {
        const a = jobRecord();
        await store.save(a);
        const [x, y] = await Promise.all([
          store.claim(a.id, 'replica-a', HOUR),
          peer.claim(a.id, 'replica-b', HOUR),
        ]);
        const won = [x, y].filter((r) => r !== null);
        expect(won).toHaveLength(1);
        expect(won[0]).toMatchObject({
          id: a.id,
          state: 'running',
          lease: { owner: x ? 'replica-a' : 'replica-b' },
        });
        expect(Date.parse(won[0]!.lease!.expiresAt)).toBeGreaterThan(Date.now() + HOUR / 2);
        expect(await store.claim(a.id, 'replica-c', HOUR)).toBeNull();
        expect(await store.claim('00000000-0000-4000-8000-ffffffffffff', 'replica-c', HOUR)).toBeNull();
        const done = jobRecord('failed');
        await store.save(done);
        expect(await peer.claim(done.id, 'replica-c', HOUR)).toBeNull();
        expect((await store.get(done.id))?.state).toBe('failed');
      }),
    );

    it(
      'lets only the holder save a held job; a final state ends the lease',
      withStore(async ({ store, peer }) => {
        const a = jobRecord();
        await store.save(a);
        const held = (await store.claim(a.id, 'replica-a', 0))!;
        const progress = { ...held, stage: 'feature selection', percent: 40 };
        expect(await store.saveHeld(progress, 'replica-a', HOUR)).toEqual({
          held: true,
          cancelRequested: false,
        });
        const seen = await peer.get(a.id);
        expect(seen).toMatchObject({
          state: 'running',
          stage: 'feature selection',
          percent: 40,
          lease: { owner: 'replica-a' },
        });
        expect(Date.parse(seen!.lease!.expiresAt)).toBeGreaterThan(Date.now() + HOUR / 2); // renewed
        const intruder = await peer.saveHeld({ ...progress, stage: 'hijacked' }, 'replica-b', HOUR);
        expect(intruder.held).toBe(false);
        expect((await store.get(a.id))?.stage).toBe('feature selection');
        const final = {
          ...progress,
          state: 'succeeded' as const,
          stage: 'done',
          percent: 100,
          modelId: 'm1',
        };
        expect((await store.saveHeld(final, 'replica-a', HOUR)).held).toBe(true);
        const after = await peer.get(a.id);
        expect(after).toMatchObject({ state: 'succeeded', modelId: 'm1' });
        expect(after).not.toHaveProperty('lease');
        // a final record is no one's to save any more
        expect((await store.saveHeld({ ...final, state: 'failed' }, 'replica-a', HOUR)).held).toBe(false);
        expect((await store.get(a.id))?.state).toBe('succeeded');
        // a job never claimed is not held either
        const q = jobRecord();
        await store.save(q);
        expect((await store.saveHeld({ ...q, state: 'running' }, 'replica-a', HOUR)).held).toBe(false);
        expect((await store.get(q.id))?.state).toBe('queued');
      }),
    );

    it(
      'cancels a queued job at once and flags a running one for its holder, whose saves keep the flag',
      withStore(async ({ store, peer }) => {
        const q = jobRecord('queued', true);
        await store.save(q);
        const cancelled = await peer.requestCancel(q.id, 'cancelled by a request');
        expect(cancelled).toMatchObject({
          state: 'cancelled',
          error: 'cancelled by a request',
          activation: { requested: true, activated: false, reason: 'job cancelled' },
        });
        expect(cancelled?.finishedAt).toEqual(expect.any(String));
        expect(await store.get(q.id)).toEqual(cancelled);
        expect(await store.claim(q.id, 'replica-a', HOUR)).toBeNull();

        const r = jobRecord();
        await store.save(r);
        const held = (await store.claim(r.id, 'replica-a', HOUR))!;
        expect(await peer.requestCancel(r.id, 'x')).toMatchObject({
          state: 'running',
          cancelRequested: true,
        });
        // the holder's copy predates the flag: saving it must not clear it
        expect(held.cancelRequested).toBeUndefined();
        expect(await store.saveHeld({ ...held, percent: 50 }, 'replica-a', HOUR)).toEqual({
          held: true,
          cancelRequested: true,
        });
        expect(await peer.get(r.id)).toMatchObject({ percent: 50, cancelRequested: true });

        const done = jobRecord('succeeded');
        await store.save(done);
        expect(await peer.requestCancel(done.id, 'x')).toEqual(done);
        expect(await store.get(done.id)).toEqual(done);
        expect(await store.requestCancel('00000000-0000-4000-8000-ffffffffffff', 'x')).toBeUndefined();
      }),
    );

    it(
      'passes each running job whose lease ran out to one taker; its old holder can no longer save it',
      withStore(async ({ store, peer }) => {
        const expired = jobRecord();
        const live = jobRecord();
        const queued = jobRecord();
        for (const r of [expired, live, queued]) await store.save(r);
        const old = (await store.claim(expired.id, 'replica-a', 0))!;
        await store.claim(live.id, 'replica-a', HOUR);
        const [x, y] = await Promise.all([
          peer.takeOverExpired('replica-b', HOUR),
          store.takeOverExpired('replica-c', HOUR),
        ]);
        const taken = [...x, ...y];
        expect(taken.map((r) => r.id)).toEqual([expired.id]);
        const taker = x.length > 0 ? 'replica-b' : 'replica-c';
        expect(taken[0]).toMatchObject({ state: 'running', lease: { owner: taker } });
        expect(await store.takeOverExpired('replica-d', HOUR)).toEqual([]);
        expect((await store.saveHeld({ ...old, stage: 'late' }, 'replica-a', HOUR)).held).toBe(false);
        const interrupted = { ...taken[0]!, state: 'interrupted' as const, error: 'its replica stopped' };
        expect((await peer.saveHeld(interrupted, taker, HOUR)).held).toBe(true);
        expect(await store.get(expired.id)).toMatchObject({
          state: 'interrupted',
          error: 'its replica stopped',
        });
        expect((await store.get(live.id))?.lease?.owner).toBe('replica-a');
        expect((await store.get(queued.id))?.state).toBe('queued');
      }),
    );
  });
}
