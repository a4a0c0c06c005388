/** Job records as <dir>/<id>.json, each replaced atomically. */
import { join } from 'node:path';
import { type FsLayer, isTempFile, nodeFs, removeTempFiles, writeAtomic } from '../io/fsLayer.js';
import type { JobRecord, JobStore } from './types.js';

const JOB_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export class DirectoryJobStore implements JobStore {
  private constructor(
    readonly dir: string,
    private readonly fs: FsLayer,
  ) {}

  static async open(dir: string, fs: FsLayer = nodeFs): Promise<DirectoryJobStore> {
    await fs.mkdir(dir);
    await removeTempFiles(fs, dir);
    return new DirectoryJobStore(dir, fs);
  }

  async save(record: JobRecord): Promise<void> {
    if (!JOB_ID_RE.test(record.id)) throw new Error(`invalid job id ${record.id}`);
    await writeAtomic(this.fs, join(this.dir, `${record.id}.json`), JSON.stringify(record, null, 2) + '\n');
  }

  async list(): Promise<JobRecord[]> {
    const out: JobRecord[] = [];
    for (const name of await this.fs.readdir(this.dir)) {
      if (!name.endsWith('.json') || isTempFile(name)) continue;
      try {
        out.push(JSON.parse(await this.fs.readFile(join(this.dir, name))) as JobRecord);
      } catch {
        // unreadable record: skip (never produced by writeAtomic)
      }
    }
    return out;
  }
}

/** Non-persistent store (tests, or a deployment that does not keep job history). */
export class MemoryJobStore implements JobStore {
  readonly records = new Map<string, JobRecord>();
  async save(record: JobRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }
  async list(): Promise<JobRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }
}
