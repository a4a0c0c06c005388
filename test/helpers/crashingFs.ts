/**
 * TEST DOUBLE: an FsLayer that "kills the process" at the Nth mutating operation (write, rename,
 * unlink, directory fsync, mkdir): that operation does not happen (a write leaves a torn, unsynced
 * temporary file, as a crash mid-write would) and every later mutation fails too, so the directory
 * is left exactly as a crash at that step boundary would leave it. Reads keep working: the dead
 * process's in-memory state is thrown away by the test, which reopens the directory with nodeFs.
 */
import { writeFile } from 'node:fs/promises';
import { type FsLayer, nodeFs } from '../../src/io/fsLayer.js';

export interface CrashingFs extends FsLayer {
  /** Crash at the nth mutating operation from now on (1 = the next one). */
  arm(n: number): void;
  /** Has the crash happened? */
  readonly crashed: boolean;
  /** Mutating operations performed since arm(), in order (`op path`), for failure messages. */
  readonly ops: string[];
}

export function crashingFs(): CrashingFs {
  let remaining = Infinity;
  let crashed = false;
  const ops: string[] = [];
  const step = async (op: string, path: string, torn?: () => Promise<void>): Promise<void> => {
    if (!crashed && --remaining <= 0) {
      crashed = true;
      await torn?.();
    }
    if (crashed) throw new Error(`simulated crash before ${op} ${path}`);
    ops.push(`${op} ${path}`);
  };
  return {
    ...nodeFs,
    arm(n) {
      remaining = n;
      ops.length = 0;
    },
    get crashed() {
      return crashed;
    },
    ops,
    async writeFileDurable(path, data) {
      // A torn write: half of the content (a streamed one is torn before its first chunk).
      const half =
        typeof data === 'string'
          ? data.slice(0, data.length >> 1)
          : data instanceof Uint8Array
            ? data.subarray(0, data.length >> 1)
            : '';
      await step('write', path, () => writeFile(path, half, { flag: 'wx' }));
      await nodeFs.writeFileDurable(path, data);
    },
    async rename(from, to) {
      await step('rename', to);
      await nodeFs.rename(from, to);
    },
    async unlink(path) {
      await step('unlink', path);
      await nodeFs.unlink(path);
    },
    async fsyncDir(dir) {
      await step('fsync', dir);
      await nodeFs.fsyncDir(dir);
    },
    async mkdir(dir) {
      await step('mkdir', dir);
      await nodeFs.mkdir(dir);
    },
  };
}
