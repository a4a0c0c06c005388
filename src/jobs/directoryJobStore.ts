/** Job records as <dir>/<id>.json, each replaced atomically. */
import { join } from 'node:path';
import { type FsLayer, isTempFile, nodeFs, removeTempFiles, writeAtomic } from '../io/fsLayer.js';
import { LocalJobStore } from './localJobStore.js';
import type { JobRecord } from './types.js';

const JOB_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export class DirectoryJobStore extends LocalJobStore {
  private constructor(
    readonly dir: string,
    private readonly fs: FsLayer,
    now?: () => number,
  ) {
    super(now);
  }

  static async open(dir: string, fs: FsLayer = nodeFs, now?: () => number): Promise<DirectoryJobStore> {
    await fs.mkdir(dir);
    await removeTempFiles(fs, dir);
    return new DirectoryJobStore(dir, fs, now);
  }

  private file(id: string): string {
    if (!JOB_ID_RE.test(id)) throw new Error(`invalid job id ${id}`);
    return join(this.dir, `${id}.json`);
  }

  protected async write(record: JobRecord): Promise<void> {
    await writeAtomic(this.fs, this.file(record.id), JSON.stringify(record, null, 2) + '\n');
  }

  protected async read(id: string): Promise<JobRecord | undefined> {
    if (!JOB_ID_RE.test(id)) return undefined; // an id no record can have (e.g. from a URL)
    try {
      return JSON.parse(await this.fs.readFile(this.file(id))) as JobRecord;
    } catch {
      return undefined; // absent (unreadable records are never produced by writeAtomic)
    }
  }

  protected async readAll(): Promise<JobRecord[]> {
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
export class MemoryJobStore extends LocalJobStore {
  readonly records = new Map<string, JobRecord>();
  constructor(now?: () => number) {
    super(now);
  }
  protected async write(record: JobRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }
  protected async read(id: string): Promise<JobRecord | undefined> {
    const r = this.records.get(id);
    return r && structuredClone(r);
  }
  protected async readAll(): Promise<JobRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }
}
