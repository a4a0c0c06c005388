/**
 * Loaded models in memory: the active one (read on start and after every activation/rollback) and
 * a small LRU cache of other versions for `?model=ID`. Wraps a ModelRegistry and the model loader;
 * knows nothing about HTTP.
 */
import type { ModelArtifact } from '../model/artifact.js';
import type { Her2Model } from '../model/her2Model.js';
import {
  adaptModelToSite,
  type SiteAdaptation,
  type SiteAdaptationOptions,
  type SitePatient,
} from '../model/siteAdaptation.js';
import type { SiteAdaptationStore } from './siteAdaptationStore.js';
import { type ActivePointer, type ModelRegistry, ModelNotFoundError } from './types.js';

/** Artifact (plus the sites adapted to it, kept beside it) → predicting model. */
export type ModelLoader = (artifact: ModelArtifact, siteAdaptations?: readonly SiteAdaptation[]) => Her2Model;

export interface ModelServiceEvents {
  onActiveChanged?(model: Her2Model | null): void;
}

export class ModelService {
  private activeModel: Her2Model | null = null;
  private readonly cache = new Map<string, Her2Model>();
  private bootstrapState: 'idle' | 'running' | 'failed' = 'idle';
  private bootstrapError: string | undefined;
  /** Bumped at every change of the active model, so a slow refresh never overwrites a newer one. */
  private generation = 0;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private reloadActive = false;

  constructor(
    readonly registry: ModelRegistry,
    private readonly loader: ModelLoader,
    private readonly cacheSize: number,
    private readonly events: ModelServiceEvents = {},
    /** Sites adapted to models after training; none: models are loaded as trained. */
    readonly sites?: SiteAdaptationStore,
  ) {}

  /** The model with the sites adapted to it. */
  private async load(artifact: ModelArtifact): Promise<Her2Model> {
    return this.loader(artifact, (await this.sites?.list(artifact.id)) ?? []);
  }

  /**
   * Adapts model `id` to a new site from its unlabelled patients and stores the adaptation beside
   * the model (the model id does not change); the loaded model picks it up at once. Throws
   * ModelNotFoundError, SiteAdaptationError (bad patients or site), and nothing is stored then.
   */
  async adaptSite(
    id: string,
    site: string,
    patients: readonly SitePatient[],
    options: SiteAdaptationOptions,
  ): Promise<SiteAdaptation> {
    if (!this.sites) throw new Error('this service keeps no site adaptations');
    const artifact = await this.registry.get(id);
    if (!artifact) throw new ModelNotFoundError(id);
    const adaptation = adaptModelToSite(artifact, site, patients, options);
    const others = (await this.sites.list(id)).filter((a) => a.site !== adaptation.site);
    // Load first: an adaptation the loader rejects is never stored.
    const model = this.loader(artifact, [...others, adaptation]);
    await this.sites.put(adaptation);
    if (this.activeModel?.id === id) this.setActiveModel(model);
    else if (this.cache.has(id)) this.cache.set(id, model);
    return adaptation;
  }

  /** Load the active model, if the registry has one. */
  async init(): Promise<Her2Model | null> {
    const pointer = await this.registry.getActive();
    if (pointer) await this.loadActive(pointer);
    return this.activeModel;
  }

  /**
   * When no model is active, obtain one from `bootstrap` (e.g. train on the demo cohort), register
   * and activate it. Returns a promise that settles when done; readiness reflects the state meanwhile.
   */
  async bootstrapIfEmpty(bootstrap: (() => Promise<ModelArtifact>) | undefined): Promise<void> {
    if (this.activeModel || !bootstrap) return;
    this.bootstrapState = 'running';
    try {
      const artifact = await bootstrap();
      await this.register(artifact);
      await this.activate(artifact.id);
      this.bootstrapState = 'idle';
    } catch (e) {
      this.bootstrapState = 'failed';
      this.bootstrapError = (e as Error).message;
      throw e;
    }
  }

  get active(): Her2Model | null {
    return this.activeModel;
  }

  /** Why no model is loaded, for /readyz. */
  get notReadyReason(): string {
    if (this.activeModel) return '';
    if (this.bootstrapState === 'running') return 'training the default model';
    if (this.bootstrapState === 'failed')
      return `training the default model failed: ${this.bootstrapError ?? 'unknown error'}`;
    return 'no active model';
  }

  /** The loaded model with this id (cached). Throws ModelNotFoundError. */
  async get(id: string): Promise<Her2Model> {
    if (this.activeModel?.id === id) return this.activeModel;
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const artifact = await this.registry.get(id);
    if (!artifact) throw new ModelNotFoundError(id);
    const model = await this.load(artifact);
    this.cache.set(id, model);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return model;
  }

  async register(artifact: ModelArtifact): Promise<void> {
    // Load first: an artifact the loader rejects never enters the registry.
    const model = await this.load(artifact);
    await this.registry.put(artifact);
    this.cache.set(artifact.id, model);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  async activate(id: string): Promise<ActivePointer> {
    const model = await this.get(id);
    const pointer = await this.registry.setActive(id);
    this.setActiveModel(model);
    return pointer;
  }

  async rollback(): Promise<ActivePointer> {
    const pointer = await this.registry.rollback();
    await this.loadActive(pointer);
    return pointer;
  }

  async delete(id: string): Promise<void> {
    await this.registry.delete(id);
    this.cache.delete(id);
    await this.sites?.deleteModel(id);
  }

  /**
   * Another replica changed the registry (src/registry/registryChangeFeed.ts): forget a deleted model
   * and load the active one if it is not the one served. Requests keep using the loaded model until
   * the new one is ready, then switch at once. Calls while a refresh runs coalesce into one more.
   */
  refresh(change?: { action: string; modelId: string }): Promise<void> {
    if (change?.action === 'delete' || change?.action === 'sites') this.cache.delete(change.modelId);
    // A new site adaptation of the served model: load it again with the adaptation.
    if (change?.action === 'sites' && change.modelId === this.activeModel?.id) this.reloadActive = true;
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.refreshOnce();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const generation = this.generation;
    const pointer = await this.registry.getActive();
    const reload = this.reloadActive;
    this.reloadActive = false;
    if (!pointer || (pointer.id === this.activeModel?.id && !reload)) return;
    const artifact = this.cache.has(pointer.id) ? undefined : await this.registry.get(pointer.id);
    const model = this.cache.get(pointer.id) ?? (artifact ? await this.load(artifact) : undefined);
    if (!model) return; // deleted since: the next notification or poll finds the new pointer
    if (generation === this.generation) this.setActiveModel(model);
    else this.refreshAgain = true; // changed meanwhile (here): read the pointer again
  }

  private async loadActive(pointer: ActivePointer): Promise<void> {
    const artifact = await this.registry.get(pointer.id);
    if (!artifact) throw new ModelNotFoundError(pointer.id);
    this.setActiveModel(this.cache.get(pointer.id) ?? (await this.load(artifact)));
  }

  private setActiveModel(model: Her2Model): void {
    const old = this.activeModel;
    this.activeModel = model;
    this.generation++;
    this.cache.delete(model.id);
    if (old && old.id !== model.id) {
      this.cache.set(old.id, old);
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.events.onActiveChanged?.(model);
  }
}
