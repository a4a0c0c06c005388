/**
 * The embedded model registry: one directory.
 *
 *   <dir>/<id>.json     immutable model artifacts, each written atomically (temp file, fsync, rename, fsync dir)
 *   <dir>/active.json   the active-model pointer {id, previous, changedAt}, replaced atomically
 *
 * Every change is a single atomic rename, artifacts are written before any pointer names them and
 * the active artifact is never deleted, so a crash at any instant leaves either the old or the new
 * pointer, naming an artifact that exists.
 */
import { join } from 'node:path';
import type { ModelArtifact } from '../model/artifact.js';
import { type FsLayer, isTempFile, nodeFs, removeTempFiles, writeAtomic } from '../io/fsLayer.js';
import { type ModelSummary, summarizeArtifact } from './summary.js';
import {
  type ActivePointer,
  ActiveModelError,
  InvalidModelIdError,
  type ModelRegistry,
  ModelNotFoundError,
  NoPreviousModelError,
  assertValidModelId,
} from './types.js';

const ACTIVE_FILE = 'active.json';
const HISTORY_LIMIT = 100;

function isEnoent(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export class DirectoryModelRegistry implements ModelRegistry {
  private readonly summaries = new Map<string, ModelSummary>();
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly fs: FsLayer,
  ) {}

  /** Open (creating if needed) the registry in `dir`, removing leftovers of interrupted writes. */
  static async open(dir: string, fs: FsLayer = nodeFs): Promise<DirectoryModelRegistry> {
    await fs.mkdir(dir);
    await removeTempFiles(fs, dir);
    return new DirectoryModelRegistry(dir, fs);
  }

  private file(id: string): string {
    assertValidModelId(id);
    if (id === 'active') throw new InvalidModelIdError(id);
    return join(this.dir, `${id}.json`);
  }

  /** Run mutations one at a time (within this process). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  async list(): Promise<ModelSummary[]> {
    const names = await this.fs.readdir(this.dir);
    const out: ModelSummary[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name === ACTIVE_FILE || isTempFile(name)) continue;
      const id = name.slice(0, -'.json'.length);
      let s = this.summaries.get(id);
      if (!s) {
        const a = await this.get(id).catch(() => undefined);
        if (!a) continue;
        s = summarizeArtifact(a);
        this.summaries.set(id, s);
      }
      out.push(s);
    }
    for (const id of this.summaries.keys()) if (!names.includes(`${id}.json`)) this.summaries.delete(id);
    return out.sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1,
    );
  }

  async get(id: string): Promise<ModelArtifact | undefined> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file(id));
    } catch (e) {
      if (isEnoent(e) || e instanceof InvalidModelIdError) return undefined;
      throw e;
    }
    return JSON.parse(text) as ModelArtifact;
  }

  async has(id: string): Promise<boolean> {
    try {
      this.file(id);
    } catch {
      return false;
    }
    const names = await this.fs.readdir(this.dir);
    return names.includes(`${id}.json`);
  }

  put(artifact: ModelArtifact): Promise<void> {
    return this.exclusive(async () => {
      const path = this.file(artifact.id);
      if (await this.has(artifact.id)) return; // immutable: same id, same content
      await writeAtomic(this.fs, path, JSON.stringify(artifact));
      this.summaries.set(artifact.id, summarizeArtifact(artifact));
    });
  }

  delete(id: string): Promise<void> {
    return this.exclusive(async () => {
      const path = this.file(id);
      if (!(await this.has(id))) throw new ModelNotFoundError(id);
      const active = await this.readActive();
      if (active?.id === id) throw new ActiveModelError(id);
      if (active && active.previous.includes(id)) {
        await this.writeActive({ ...active, previous: active.previous.filter((p) => p !== id) });
      }
      await this.fs.unlink(path);
      await this.fs.fsyncDir(this.dir);
      this.summaries.delete(id);
    });
  }

  getActive(): Promise<ActivePointer | null> {
    return this.readActive();
  }

  setActive(id: string): Promise<ActivePointer> {
    return this.exclusive(async () => {
      if (!(await this.has(id))) throw new ModelNotFoundError(id);
      const cur = await this.readActive();
      if (cur?.id === id) return cur;
      const previous = cur ? [cur.id, ...cur.previous.filter((p) => p !== id && p !== cur.id)] : [];
      const next: ActivePointer = {
        id,
        previous: previous.slice(0, HISTORY_LIMIT),
        changedAt: new Date().toISOString(),
      };
      await this.writeActive(next);
      return next;
    });
  }

  rollback(): Promise<ActivePointer> {
    return this.exclusive(async () => {
      const cur = await this.readActive();
      if (!cur) throw new NoPreviousModelError();
      const names = new Set(await this.fs.readdir(this.dir));
      const idx = cur.previous.findIndex((p) => p !== cur.id && names.has(`${p}.json`));
      if (idx < 0) throw new NoPreviousModelError();
      const next: ActivePointer = {
        id: cur.previous[idx],
        previous: cur.previous.slice(idx + 1),
        changedAt: new Date().toISOString(),
      };
      await this.writeActive(next);
      return next;
    });
  }

  private async readActive(): Promise<ActivePointer | null> {
    let text: string;
    try {
      text = await this.fs.readFile(join(this.dir, ACTIVE_FILE));
    } catch (e) {
      if (isEnoent(e)) return null;
      throw e;
    }
    const p = JSON.parse(text) as ActivePointer;
    if (typeof p.id !== 'string' || !Array.isArray(p.previous))
      throw new Error(`${join(this.dir, ACTIVE_FILE)}: malformed active-model pointer`);
    return p;
  }

  private writeActive(p: ActivePointer): Promise<void> {
    return writeAtomic(this.fs, join(this.dir, ACTIVE_FILE), JSON.stringify(p, null, 2) + '\n');
  }
}
