import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new content');
    expect(await readFile(target, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('creates missing directories', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'x', 'y', 'b.txt');
    await writeFileAtomic(target, new Uint8Array([104, 105]));
    expect(await readFile(target, 'utf8')).toBe('hi');
  });

  it('keeps the old file when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'c.txt');
    await writeFile(target, 'old');
    // A directory where the target should be makes rename fail after the temp file is written.
    const blocked = join(dir, 'sub');
    await writeFileAtomic(join(blocked, 'keep'), 'x');
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['c.txt', 'sub']);
  });

  it('writes a stream chunk by chunk; a stream that fails midway leaves the old file and no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'd.csv');
    async function* rows(n: number, failAt?: number): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('the upload stopped');
        yield Buffer.from(`row ${i}\n`);
      }
    }
    await writeFileAtomic(target, rows(3));
    expect(await readFile(target, 'utf8')).toBe('row 0\nrow 1\nrow 2\n');
    await expect(writeFileAtomic(target, rows(5, 2))).rejects.toThrow('the upload stopped');
    expect(await readFile(target, 'utf8')).toBe('row 0\nrow 1\nrow 2\n');
    expect(await readdir(dir)).toEqual(['d.csv']);
  });
});
