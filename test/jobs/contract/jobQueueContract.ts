/**
 * One behavioural contract for every JobQueue (in-process, pg-boss): each implementation's test file
 * calls describeJobQueueContract with a factory of fresh, empty queues; `peer` is the same queue seen
 * from a second replica, where there can be one.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src/jobs/jobQueue.js';
import { type Deferred, deferred } from '../../helpers/fakeTrainer.js';

export interface JobQueueUnderTest {
  queue: JobQueue;
  peer?: JobQueue;
  close(): Promise<void>;
}

/** A worker that records what it ran and holds each job until the test releases it. */
function recordingWorker() {
  const ran: string[] = [];
  const started = new Map<string, Deferred<void>>();
  const release = new Map<string, Deferred<void>>();
  let active = 0;
  let maxActive = 0;
  const gate = (m: Map<string, Deferred<void>>, id: string): Deferred<void> => {
    if (!m.has(id)) m.set(id, deferred());
    return m.get(id)!;
  };
  return {
    ran,
    get maxActive() {
      return maxActive;
    },
    started: (id: string) => gate(started, id).promise,
    release: (id: string) => gate(release, id).resolve(),
    run: async (id: string) => {
      active++;
      maxActive = Math.max(maxActive, active);
      ran.push(id);
      gate(started, id).resolve();
      await gate(release, id).promise;
      active--;
    },
  };
}

/** `shared`: the queue lives outside the process (jobs survive it; several replicas work it). */
export function describeJobQueueContract(
  name: string,
  open: () => Promise<JobQueueUnderTest>,
  shared: boolean,
): void {
  const withQueue = (fn: (q: JobQueueUnderTest) => Promise<void>) => async () => {
    const q = await open();
    try {
      await fn(q);
    } finally {
      await q.close();
    }
  };

  describe(`JobQueue contract: ${name}`, () => {
    it(
      'hands each job to the worker once, one at a time',
      withQueue(async ({ queue }) => {
        const ids = [randomUUID(), randomUUID(), randomUUID()];
        const w = recordingWorker();
        for (const id of ids) await queue.enqueue(id);
        await queue.work(w.run);
        for (const id of ids) {
          await w.started(id);
          w.release(id);
        }
        await queue.idle();
        expect(w.ran).toEqual(ids);
        expect(w.maxActive).toBe(1);
      }),
      30_000,
    );

    it(
      'counts waiting jobs, and a withdrawn job never runs',
      withQueue(async ({ queue }) => {
        const [gone, kept] = [randomUUID(), randomUUID()];
        await queue.enqueue(gone);
        await queue.enqueue(kept);
        expect(await queue.waiting()).toBe(2);
        await queue.withdraw(gone);
        await queue.withdraw(randomUUID()); // unknown: no error
        expect(await queue.waiting()).toBe(1);
        const w = recordingWorker();
        await queue.work(w.run);
        await w.started(kept);
        w.release(kept);
        await queue.idle();
        expect(w.ran).toEqual([kept]);
        expect(await queue.waiting()).toBe(0);
      }),
      30_000,
    );

    it(
      'takes nothing more once stopped',
      withQueue(async ({ queue }) => {
        const [first, second] = [randomUUID(), randomUUID()];
        const w = recordingWorker();
        await queue.work(w.run);
        await queue.enqueue(first);
        await w.started(first);
        await queue.enqueue(second);
        const here = await queue.stop();
        w.release(first);
        await queue.idle();
        expect(w.ran).toEqual([first]);
        // the in-process queue hands back what waited in it; a shared one keeps it for other replicas
        if (shared) {
          expect(here).toEqual([]);
          expect(await queue.waiting()).toBe(1);
        } else expect(here).toEqual([second]);
      }),
      30_000,
    );

    if (!shared) return; // a queue of one process has no second replica
    it(
      'gives each job to exactly one of two replicas working the same queue',
      withQueue(async ({ queue, peer }) => {
        if (!peer) throw new Error('a shared queue under test needs its peer');
        const ids = Array.from({ length: 4 }, () => randomUUID());
        const [w1, w2] = [recordingWorker(), recordingWorker()];
        for (const id of ids) {
          w1.release(id);
          w2.release(id);
        }
        await Promise.all([queue.work(w1.run), peer.work(w2.run)]);
        for (const id of ids) await queue.enqueue(id);
        await Promise.all(ids.map((id) => Promise.race([w1.started(id), w2.started(id)])));
        await Promise.all([queue.idle(), peer.idle()]);
        expect([...w1.ran, ...w2.ran].sort()).toEqual([...ids].sort());
      }),
      30_000,
    );
  });
}
