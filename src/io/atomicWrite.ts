/**
 * Never half-written: write to a temporary file in the target's directory, fsync it, rename it over
 * the target (atomic on POSIX within one file system), then fsync the directory so the rename
 * itself survives a crash. The directory is created when missing.
 */
import { dirname } from 'node:path';
import { type FileContent, nodeFs, writeAtomic } from './fsLayer.js';

export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  await nodeFs.mkdir(dirname(path));
  await writeAtomic(nodeFs, path, content);
}
