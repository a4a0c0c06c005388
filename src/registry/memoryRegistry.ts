/** A non-persistent ModelRegistry (tests, tooling such as the OpenAPI generator, and a template for other stores). */
import type { ModelArtifact } from '../model/artifact.js';
import { type ModelSummary, summarizeArtifact } from './summary.js';
import {
  type ActivePointer,
  ActiveModelError,
  type ModelRegistry,
  ModelNotFoundError,
  NoPreviousModelError,
  assertValidModelId,
} from './types.js';

export class MemoryModelRegistry implements ModelRegistry {
  private readonly artifacts = new Map<string, ModelArtifact>();
  private active: ActivePointer | null = null;

  async list(): Promise<ModelSummary[]> {
    return [...this.artifacts.values()]
      .map(summarizeArtifact)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }
  async get(id: string): Promise<ModelArtifact | undefined> {
    return this.artifacts.get(id);
  }
  async has(id: string): Promise<boolean> {
    return this.artifacts.has(id);
  }
  async put(artifact: ModelArtifact): Promise<void> {
    assertValidModelId(artifact.id);
    if (!this.artifacts.has(artifact.id)) this.artifacts.set(artifact.id, structuredClone(artifact));
  }
  async delete(id: string): Promise<void> {
    if (!this.artifacts.has(id)) throw new ModelNotFoundError(id);
    if (this.active?.id === id) throw new ActiveModelError(id);
    if (this.active) this.active = { ...this.active, previous: this.active.previous.filter((p) => p !== id) };
    this.artifacts.delete(id);
  }
  async getActive(): Promise<ActivePointer | null> {
    return this.active;
  }
  async setActive(id: string): Promise<ActivePointer> {
    if (!this.artifacts.has(id)) throw new ModelNotFoundError(id);
    const cur = this.active;
    if (cur?.id === id) return cur;
    this.active = {
      id,
      previous: cur ? [cur.id, ...cur.previous.filter((p) => p !== id)] : [],
      changedAt: new Date().toISOString(),
    };
    return this.active;
  }
  async rollback(): Promise<ActivePointer> {
    const cur = this.active;
    const idx = cur ? cur.previous.findIndex((p) => this.artifacts.has(p)) : -1;
    if (!cur || idx < 0) throw new NoPreviousModelError();
    this.active = {
      id: cur.previous[idx],
      previous: cur.previous.slice(idx + 1),
      changedAt: new Date().toISOString(),
    };
    return this.active;
  }
}
