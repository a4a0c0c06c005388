/**
 * Where a model's site adaptations live (src/model/siteAdaptation.ts): beside the model, keyed by
 * model id and site, so adapting a site never changes the model artifact or its id. Adapting the same
 * site again replaces its adaptation. Embedded: a directory; tests: memory.
 *
 *   <dir>/<modelId>/<site>.json   one adaptation, written atomically
 */
import { join } from 'node:path';
import { type FsLayer, isTempFile, nodeFs, removeTempFiles, writeAtomic } from '../io/fsLayer.js';
import { compareSites, type SiteAdaptation } from '../model/siteAdaptation.js';
import { assertValidModelId } from './types.js';

export interface SiteAdaptationStore {
  /** The model's adaptations, by site name. */
  list(modelId: string): Promise<SiteAdaptation[]>;
  /** Store (or replace) the adaptation of its model and site. */
  put(adaptation: SiteAdaptation): Promise<void>;
  /** Forget every adaptation of a model (when the model is deleted). */
  deleteModel(modelId: string): Promise<void>;
}

export class MemorySiteAdaptationStore implements SiteAdaptationStore {
  private readonly models = new Map<string, Map<string, SiteAdaptation>>();

  async list(modelId: string): Promise<SiteAdaptation[]> {
    assertValidModelId(modelId);
    return [...(this.models.get(modelId)?.values() ?? [])].sort(compareSites);
  }

  async put(adaptation: SiteAdaptation): Promise<void> {
    let sites = this.models.get(adaptation.modelId);
    if (!sites) this.models.set(adaptation.modelId, (sites = new Map()));
    sites.set(adaptation.site, structuredClone(adaptation));
  }

  async deleteModel(modelId: string): Promise<void> {
    this.models.delete(modelId);
  }
}

function isEnoent(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export class DirectorySiteAdaptationStore implements SiteAdaptationStore {
  constructor(
    readonly dir: string,
    private readonly fs: FsLayer = nodeFs,
  ) {}

  private modelDir(modelId: string): string {
    assertValidModelId(modelId);
    return join(this.dir, modelId);
  }

  async list(modelId: string): Promise<SiteAdaptation[]> {
    const dir = this.modelDir(modelId);
    let names: string[];
    try {
      names = await this.fs.readdir(dir);
    } catch (e) {
      if (isEnoent(e)) return [];
      throw e;
    }
    const out: SiteAdaptation[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || isTempFile(name)) continue;
      out.push(JSON.parse(await this.fs.readFile(join(dir, name))) as SiteAdaptation);
    }
    return out.sort(compareSites);
  }

  async put(adaptation: SiteAdaptation): Promise<void> {
    const dir = this.modelDir(adaptation.modelId);
    await this.fs.mkdir(dir);
    await removeTempFiles(this.fs, dir);
    // Site names are checked against SITE_NAME_PATTERN (no path characters); encoded all the same.
    await writeAtomic(
      this.fs,
      join(dir, `${encodeURIComponent(adaptation.site)}.json`),
      JSON.stringify(adaptation),
    );
  }

  async deleteModel(modelId: string): Promise<void> {
    await this.fs.removeDir(this.modelDir(modelId));
  }
}
