/**
 * One behavioural contract for every ModelRegistry (memory, directory, PostgreSQL): each
 * implementation's test file calls describeModelRegistryContract with a factory of fresh, empty stores.
 */
import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import {
  type ActivePointer,
  ActiveModelError,
  InvalidModelIdError,
  type ModelRegistry,
  ModelNotFoundError,
  NoPreviousModelError,
} from '../../src/registry/types.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';

export interface RegistryUnderTest {
  registry: ModelRegistry;
  /**
   * Another handle on the same store, as a second replica has: a second connection pool for a shared
   * store, the same object for a single-process store (memory, directory).
   */
  peer: ModelRegistry;
  close?(): Promise<void>;
}

const a1 = makeFakeArtifact({ label: 'c1', createdAt: '2025-01-01T00:00:00.000Z' });
const a2 = makeFakeArtifact({ label: 'c2', createdAt: '2025-02-01T00:00:00.000Z' });
const a3 = makeFakeArtifact({ label: 'c3', createdAt: '2025-03-01T00:00:00.000Z', synthetic: false });

/** Artifacts for the concurrency test, created once (makeFakeArtifact hashes a large body). */
const many: ModelArtifact[] = Array.from({ length: 8 }, (_, i) =>
  makeFakeArtifact({ label: `many-${i}`, createdAt: `2025-04-0${i + 1}T00:00:00.000Z` }),
);

export function describeModelRegistryContract(name: string, open: () => Promise<RegistryUnderTest>): void {
  async function withRegistry(fn: (r: RegistryUnderTest) => Promise<void>): Promise<void> {
    const r = await open();
    try {
      await fn(r);
    } finally {
      await r.close?.();
    }
  }

  describe(`ModelRegistry contract: ${name}`, () => {
    it('is empty at first, lists summaries newest first, and returns artifacts as registered', () =>
      withRegistry(async ({ registry }) => {
        expect(await registry.list()).toEqual([]);
        expect(await registry.getActive()).toBeNull();
        await registry.put(a1);
        await registry.put(a3);
        await registry.put(a2);
        const list = await registry.list();
        expect(list.map((s) => s.id)).toEqual([a3.id, a2.id, a1.id]);
        expect(list[0]).toMatchObject({ id: a3.id, synthetic: false, createdAt: a3.createdAt });
        expect(list[1].tasks.over.validation?.auc).toBeCloseTo(0.8);
        expect(await registry.get(a2.id)).toEqual(a2);
        expect(await registry.has(a2.id)).toBe(true);
        expect(await registry.get('0'.repeat(64))).toBeUndefined();
        expect(await registry.has('0'.repeat(64))).toBe(false);
      }));

    it('treats artifacts as immutable: putting an existing id again changes nothing', () =>
      withRegistry(async ({ registry }) => {
        await registry.put(a1);
        await registry.put({ ...a1, intendedUse: 'tampered' });
        expect((await registry.get(a1.id))?.intendedUse).toBe(a1.intendedUse);
        expect(await registry.list()).toHaveLength(1);
      }));

    it('activates, keeps the history most recent first and rolls back through it', () =>
      withRegistry(async ({ registry }) => {
        for (const a of [a1, a2, a3]) await registry.put(a);
        await registry.setActive(a1.id);
        await registry.setActive(a2.id);
        const p = await registry.setActive(a3.id);
        expect(p).toMatchObject({ id: a3.id, previous: [a2.id, a1.id] });
        expect(Number.isNaN(Date.parse(p.changedAt))).toBe(false);
        expect(await registry.getActive()).toEqual(p);
        expect(await registry.setActive(a3.id)).toEqual(p); // already active: unchanged
        expect(await registry.rollback()).toMatchObject({ id: a2.id, previous: [a1.id] });
        expect(await registry.rollback()).toMatchObject({ id: a1.id, previous: [] });
        await expect(registry.rollback()).rejects.toBeInstanceOf(NoPreviousModelError);
        expect((await registry.getActive())?.id).toBe(a1.id);
      }));

    it('moves a re-activated model to the front of the history instead of repeating it', () =>
      withRegistry(async ({ registry }) => {
        for (const a of [a1, a2, a3]) await registry.put(a);
        for (const a of [a1, a2, a3, a1]) await registry.setActive(a.id);
        expect(await registry.getActive()).toMatchObject({ id: a1.id, previous: [a3.id, a2.id] });
      }));

    it('refuses to delete the active model, deletes others and drops them from the history', () =>
      withRegistry(async ({ registry }) => {
        for (const a of [a1, a2]) await registry.put(a);
        await registry.setActive(a1.id);
        await registry.setActive(a2.id);
        await expect(registry.delete(a2.id)).rejects.toBeInstanceOf(ActiveModelError);
        await registry.delete(a1.id);
        expect(await registry.has(a1.id)).toBe(false);
        expect(await registry.get(a1.id)).toBeUndefined();
        expect((await registry.getActive())?.previous).toEqual([]);
        await expect(registry.rollback()).rejects.toBeInstanceOf(NoPreviousModelError);
        await expect(registry.delete(a1.id)).rejects.toBeInstanceOf(ModelNotFoundError);
        expect((await registry.list()).map((s) => s.id)).toEqual([a2.id]);
      }));

    it('rejects unknown models and unsafe ids, changing nothing', () =>
      withRegistry(async ({ registry }) => {
        await expect(registry.setActive(a1.id)).rejects.toBeInstanceOf(ModelNotFoundError);
        await expect(registry.put({ ...a1, id: '../escape' })).rejects.toBeInstanceOf(InvalidModelIdError);
        expect(await registry.get('../../etc/passwd')).toBeUndefined();
        expect(await registry.getActive()).toBeNull();
        expect(await registry.list()).toEqual([]);
      }));

    it('a change made through one replica is seen by the other', () =>
      withRegistry(async ({ registry, peer }) => {
        await registry.put(a1);
        await peer.put(a2);
        await peer.setActive(a2.id);
        expect((await registry.getActive())?.id).toBe(a2.id);
        expect((await registry.list()).map((s) => s.id)).toEqual([a2.id, a1.id]);
        await registry.setActive(a1.id);
        expect(await peer.getActive()).toMatchObject({ id: a1.id, previous: [a2.id] });
      }));

    it('concurrent activations from two replicas leave one consistent pointer and a complete history', () =>
      withRegistry(async ({ registry, peer }) => {
        for (const a of many) await registry.put(a);
        await registry.setActive(many[0].id);
        const rest = many.slice(1);
        const results = await Promise.all(
          rest.map((a, i) => (i % 2 === 0 ? registry : peer).setActive(a.id)),
        );
        const final = (await registry.getActive()) as ActivePointer;
        expect(await peer.getActive()).toEqual(final);
        // The pointer one of the calls wrote last, and every other activated model once in its history.
        expect(results.map((r) => r.id)).toContain(final.id);
        expect([final.id, ...final.previous].sort()).toEqual(many.map((a) => a.id).sort());
        // Rolling back walks through every model exactly once.
        const seen = [final.id];
        for (;;) {
          const r = await peer.rollback().catch((e: unknown) => e);
          if (r instanceof NoPreviousModelError) break;
          seen.push((r as ActivePointer).id);
        }
        expect(seen.sort()).toEqual(many.map((a) => a.id).sort());
      }));
  });
}
