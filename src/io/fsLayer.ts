/**
 * The few file-system operations durable writes use (registry, job store, CLI outputs, reports),
 * behind an interface so tests can inject failures between the steps of an atomic write (a crash).
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** What a durable write accepts: text, bytes, or a stream of byte chunks. */
export type FileContent = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface FsLayer {
  readFile(path: string): Promise<string>;
  /**
   * Create (exclusively) and write `data`, then fsync the file before closing it. An async iterable
   * is written chunk by chunk as it arrives (an upload), never held whole; if it throws, so does this.
   */
  writeFileDurable(path: string, data: FileContent): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  mkdir(dir: string): Promise<void>;
  /** Remove a directory and everything in it; no error when it does not exist. */
  removeDir(dir: string): Promise<void>;
  /** fsync a directory so a rename or unlink inside it is durable. */
  fsyncDir(dir: string): Promise<void>;
}

async function writeFully(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let at = 0; at < chunk.length;) {
    at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten;
  }
}

export const nodeFs: FsLayer = {
  readFile: (path) => fsp.readFile(path, 'utf8'),
  async writeFileDurable(path, data) {
    const fh = await fsp.open(path, 'wx', 0o640);
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
      else for await (const chunk of data) await writeFully(fh, chunk);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  readdir: (dir) => fsp.readdir(dir),
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  removeDir: (dir) => fsp.rm(dir, { recursive: true, force: true }),
  async fsyncDir(dir) {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } catch (e) {
      // Some platforms/file systems refuse fsync on directories; the rename itself is still atomic.
      if ((e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'EPERM')
        throw e;
    } finally {
      await fh.close();
    }
  },
};

export const TMP_MARKER = '.tmp-';

/** Is `name` a temporary file left by an interrupted atomic write? */
export function isTempFile(name: string): boolean {
  return name.includes(TMP_MARKER);
}

/**
 * Write `data` to `path` so that readers see either the old content or the new, never a mix:
 * temporary file in the same directory, fsync, rename over the target, fsync the directory.
 */
export async function writeAtomic(fs: FsLayer, path: string, data: FileContent): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}${TMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await fs.writeFileDurable(tmp, data);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fs.fsyncDir(dir);
}

/** Remove leftovers of interrupted atomic writes in `dir`. */
export async function removeTempFiles(fs: FsLayer, dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (isTempFile(name)) await fs.unlink(join(dir, name)).catch(() => undefined);
  }
}
