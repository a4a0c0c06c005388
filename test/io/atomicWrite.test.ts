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
});
