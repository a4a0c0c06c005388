import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';
import { type FsLayer, nodeFs } from '../../src/io/fsLayer.js';
import { InvalidModelIdError, ModelNotFoundError, NoPreviousModelError } from '../../src/registry/types.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-reg-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const a1 = makeFakeArtifact({ label: 'a1', createdAt: '2025-01-01T00:00:00.000Z' });
const a2 = makeFakeArtifact({ label: 'a2', createdAt: '2025-02-01T00:00:00.000Z' });
const a3 = makeFakeArtifact({ label: 'a3', createdAt: '2025-03-01T00:00:00.000Z', synthetic: false });

/** An fs layer that fails (like a crash) on the first call matching `when`. */
function failingFs(when: (op: string, path: string) => boolean): FsLayer & { failed: boolean } {
  const layer = {
    failed: false,
    ...nodeFs,
  } as FsLayer & { failed: boolean };
  const wrap =
    <A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (
        !layer.failed &&
        when(op, String(args[0]) + (args[1] !== undefined ? ` -> ${String(args[1])}` : ''))
      ) {
        layer.failed = true;
        throw new Error(`simulated crash during ${op}`);
      }
      return fn(...args);
    };
  layer.writeFileDurable = wrap('write', nodeFs.writeFileDurable);
  layer.rename = wrap('rename', nodeFs.rename);
  layer.unlink = wrap('unlink', nodeFs.unlink);
  layer.fsyncDir = wrap('fsyncDir', nodeFs.fsyncDir);
  return layer;
}

// The behaviour every registry shares is in registryContract.ts (directoryRegistry.contract.test.ts);
// here: the files, and crash safety.
describe('DirectoryModelRegistry', () => {
  it('stores artifacts as <id>.json and lists summaries newest first', async () => {
    const reg = await DirectoryModelRegistry.open(dir);
    await reg.put(a1);
    await reg.put(a3);
    await reg.put(a2);
    expect((await readdir(dir)).sort()).toEqual([`${a1.id}.json`, `${a2.id}.json`, `${a3.id}.json`].sort());
    const list = await reg.list();
    expect(list.map((s) => s.id)).toEqual([a3.id, a2.id, a1.id]);
    expect(list[0].synthetic).toBe(false);
    expect(list[1].tasks.over.validation?.auc).toBeCloseTo(0.8);
    expect(await reg.get(a2.id)).toEqual(a2);
    expect(await reg.get('0'.repeat(64))).toBeUndefined();
  });

  it('activates, keeps history and rolls back to the previous version', async () => {
    const reg = await DirectoryModelRegistry.open(dir);
    for (const a of [a1, a2, a3]) await reg.put(a);
    expect(await reg.getActive()).toBeNull();
    await reg.setActive(a1.id);
    await reg.setActive(a2.id);
    const p = await reg.setActive(a3.id);
    expect(p.id).toBe(a3.id);
    expect(p.previous).toEqual([a2.id, a1.id]);
    const r1 = await reg.rollback();
    expect(r1).toMatchObject({ id: a2.id, previous: [a1.id] });
    const r2 = await reg.rollback();
    expect(r2).toMatchObject({ id: a1.id, previous: [] });
    await expect(reg.rollback()).rejects.toBeInstanceOf(NoPreviousModelError);
    const onDisk = JSON.parse(await readFile(join(dir, 'active.json'), 'utf8'));
    expect(onDisk.id).toBe(a1.id);
  });

  it('rejects unknown models and ids that are not safe file names', async () => {
    const reg = await DirectoryModelRegistry.open(dir);
    await expect(reg.setActive(a1.id)).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(reg.put({ ...a1, id: '../escape' })).rejects.toBeInstanceOf(InvalidModelIdError);
    await expect(reg.put({ ...a1, id: 'active' })).rejects.toBeInstanceOf(InvalidModelIdError);
    expect(await reg.get('../../etc/passwd')).toBeUndefined();
  });

  it('ignores and cleans up temporary files left by an interrupted write', async () => {
    const reg = await DirectoryModelRegistry.open(dir);
    await reg.put(a1);
    await writeFile(join(dir, `${a2.id}.json.tmp-123-abc`), '{"partial":');
    expect((await reg.list()).map((s) => s.id)).toEqual([a1.id]);
    await DirectoryModelRegistry.open(dir);
    expect(await readdir(dir)).toEqual([`${a1.id}.json`]);
  });

  describe('crash safety', () => {
    it('a crash after the temporary pointer is written leaves the previous active model after restart', async () => {
      const setup = await DirectoryModelRegistry.open(dir);
      await setup.put(a1);
      await setup.put(a2);
      await setup.setActive(a1.id);

      const fs = failingFs((op, path) => op === 'rename' && path.includes('active.json.tmp-'));
      const crashing = await DirectoryModelRegistry.open(dir, fs);
      await expect(crashing.setActive(a2.id)).rejects.toThrow(/simulated crash/);
      expect(fs.failed).toBe(true);

      const restarted = await DirectoryModelRegistry.open(dir);
      expect((await restarted.getActive())?.id).toBe(a1.id);
      expect((await readdir(dir)).some((n) => n.includes('.tmp-'))).toBe(false);
    });

    it('a crash while writing a new artifact leaves no partial artifact and the active model intact', async () => {
      const setup = await DirectoryModelRegistry.open(dir);
      await setup.put(a1);
      await setup.setActive(a1.id);
      const fs = failingFs((op, path) => op === 'rename' && path.includes(a2.id));
      const crashing = await DirectoryModelRegistry.open(dir, fs);
      await expect(crashing.put(a2)).rejects.toThrow(/simulated crash/);
      const restarted = await DirectoryModelRegistry.open(dir);
      expect(await restarted.has(a2.id)).toBe(false);
      expect((await restarted.getActive())?.id).toBe(a1.id);
      expect((await restarted.list()).map((s) => s.id)).toEqual([a1.id]);
    });

    it('a crash after the rename but before the directory fsync leaves a complete new pointer', async () => {
      const setup = await DirectoryModelRegistry.open(dir);
      await setup.put(a1);
      await setup.put(a2);
      await setup.setActive(a1.id);
      const fs = failingFs((op) => op === 'fsyncDir');
      const crashing = await DirectoryModelRegistry.open(dir, fs);
      await expect(crashing.setActive(a2.id)).rejects.toThrow(/simulated crash/);
      const restarted = await DirectoryModelRegistry.open(dir);
      const active = await restarted.getActive();
      expect(active?.id).toBe(a2.id);
      expect(await restarted.get(active!.id)).toEqual(a2);
    });

    it('a crash between rewriting the history and unlinking on delete keeps a consistent registry', async () => {
      const setup = await DirectoryModelRegistry.open(dir);
      for (const a of [a1, a2]) await setup.put(a);
      await setup.setActive(a1.id);
      await setup.setActive(a2.id);
      const fs = failingFs((op, path) => op === 'unlink' && path.endsWith(`${a1.id}.json`));
      const crashing = await DirectoryModelRegistry.open(dir, fs);
      await expect(crashing.delete(a1.id)).rejects.toThrow(/simulated crash/);
      const restarted = await DirectoryModelRegistry.open(dir);
      expect((await restarted.getActive())?.id).toBe(a2.id);
      expect(await restarted.get(a2.id)).toEqual(a2);
    });
  });
});
