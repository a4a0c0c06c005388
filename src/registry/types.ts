/**
 * The model registry: immutable model artifacts plus an "active model" pointer with history.
 * The embedded implementation is a directory (src/registry/directoryRegistry.ts); anything that
 * implements ModelRegistry (a shared database, an object store) can replace it.
 */
import type { ModelArtifact } from '../model/artifact.js';
import type { ModelSummary } from './summary.js';

export interface ActivePointer {
  /** The active model id. */
  id: string;
  /** Previously active ids, most recent first (what rollback walks back through). */
  previous: string[];
  /** When the pointer was last changed (ISO 8601). */
  changedAt: string;
}

export interface ModelRegistry {
  /** Summaries of every registered model, newest first. */
  list(): Promise<ModelSummary[]>;
  /** The artifact, or undefined when no such model is registered. */
  get(id: string): Promise<ModelArtifact | undefined>;
  has(id: string): Promise<boolean>;
  /** Register an artifact (immutable; putting the same id again is a no-op). */
  put(artifact: ModelArtifact): Promise<void>;
  /** Remove a model. Throws ActiveModelError for the active one, ModelNotFoundError when absent. */
  delete(id: string): Promise<void>;
  getActive(): Promise<ActivePointer | null>;
  /** Make `id` active, pushing the current one onto the history. Throws ModelNotFoundError. */
  setActive(id: string): Promise<ActivePointer>;
  /** Re-activate the most recent previous model that still exists. Throws NoPreviousModelError. */
  rollback(): Promise<ActivePointer>;
}

export class ModelNotFoundError extends Error {
  constructor(readonly modelId: string) {
    super(`model ${modelId} is not registered`);
    this.name = 'ModelNotFoundError';
  }
}

export class ActiveModelError extends Error {
  constructor(readonly modelId: string) {
    super(`model ${modelId} is the active model; activate another model before deleting it`);
    this.name = 'ActiveModelError';
  }
}

export class NoPreviousModelError extends Error {
  constructor() {
    super('there is no previously active model to roll back to');
    this.name = 'NoPreviousModelError';
  }
}

export class InvalidModelIdError extends Error {
  constructor(readonly modelId: string) {
    super(`invalid model id ${JSON.stringify(modelId.slice(0, 80))}`);
    this.name = 'InvalidModelIdError';
  }
}

/** Model ids become file names: letters, digits, '.', '_', '-', not starting with '.'. */
export const MODEL_ID_PATTERN = '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$';
const MODEL_ID_RE = new RegExp(MODEL_ID_PATTERN);

export function assertValidModelId(id: string): void {
  if (!MODEL_ID_RE.test(id)) throw new InvalidModelIdError(id);
}
