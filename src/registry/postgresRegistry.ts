/**
 * The model registry in PostgreSQL, shared by every replica (tables in src/db/migrations/001_*.ts).
 *
 * Artifacts are stored as the exact JSON text registered, with its sha256; every load recomputes the
 * hash, and a mismatch is ArtifactIntegrityError, never a served model. Pointer changes (activate,
 * rollback, delete) run in one transaction holding the kind's model_active row lock (SELECT … FOR
 * UPDATE), so concurrent changes from several replicas serialise: one consistent pointer, and one
 * model_activations row per change. Each change also sends NOTIFY on REGISTRY_CHANNEL, delivered at
 * commit, which other replicas LISTEN to (src/registry/registryChanges.ts).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../db/pool.js';
import { whileAvailable } from '../db/unavailable.js';
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

/** The NOTIFY channel of registry changes; the payload is a RegistryChange as JSON. */
export const REGISTRY_CHANNEL = 'her2_registry';
export const HER2_STATUS_KIND = 'her2-status';
const HISTORY_LIMIT = 100;

export interface RegistryChange {
  kind: string;
  /** sites: a site adaptation of the model was stored (the model is reloaded with it). */
  action: 'activate' | 'rollback' | 'delete' | 'sites';
  modelId: string;
}

/** One row of model_activations: a change of the active pointer. */
export interface ActivationRecord {
  seq: number;
  modelId: string;
  previousModelId: string | null;
  action: 'activate' | 'rollback';
  changedAt: string;
}

export class ArtifactIntegrityError extends Error {
  constructor(
    readonly modelId: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(
      `model ${modelId}: the stored artifact does not match its sha256 (recorded ${expectedSha256}, computed ${actualSha256}); ` +
        'it was altered in the database and will not be served',
    );
    this.name = 'ArtifactIntegrityError';
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface ActiveRow {
  model_id: string | null;
  previous: string[];
  changed_at: Date;
}

function toPointer(row: ActiveRow): ActivePointer | null {
  if (row.model_id === null) return null;
  return { id: row.model_id, previous: row.previous, changedAt: row.changed_at.toISOString() };
}

export class PostgresModelRegistry implements ModelRegistry {
  constructor(
    private readonly pool: pg.Pool,
    readonly kind: string = HER2_STATUS_KIND,
  ) {}

  list(): Promise<ModelSummary[]> {
    return whileAvailable('list models', async () => {
      const { rows } = await this.pool.query<{ summary: ModelSummary }>(
        'SELECT summary FROM model_artifacts WHERE kind = $1 ORDER BY created_at DESC, id',
        [this.kind],
      );
      return rows.map((r) => r.summary);
    });
  }

  get(id: string): Promise<ModelArtifact | undefined> {
    return whileAvailable('read model', async () => {
      const { rows } = await this.pool.query<{ body: string; sha256: string }>(
        'SELECT body, sha256 FROM model_artifacts WHERE id = $1 AND kind = $2',
        [id, this.kind],
      );
      if (rows.length === 0) return undefined;
      const actual = sha256Hex(rows[0].body);
      if (actual !== rows[0].sha256) throw new ArtifactIntegrityError(id, rows[0].sha256, actual);
      return JSON.parse(rows[0].body) as ModelArtifact;
    });
  }

  has(id: string): Promise<boolean> {
    return whileAvailable('read model', async () => {
      const { rowCount } = await this.pool.query(
        'SELECT 1 FROM model_artifacts WHERE id = $1 AND kind = $2',
        [id, this.kind],
      );
      return (rowCount ?? 0) > 0;
    });
  }

  put(artifact: ModelArtifact): Promise<void> {
    return whileAvailable('register model', async () => {
      assertValidModelId(artifact.id);
      const body = JSON.stringify(artifact);
      // Immutable: the same id again is a no-op (the first body and hash stay).
      await this.pool.query(
        `INSERT INTO model_artifacts (id, kind, body, sha256, summary, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [
          artifact.id,
          this.kind,
          body,
          sha256Hex(body),
          JSON.stringify(summarizeArtifact(artifact)),
          artifact.createdAt,
        ],
      );
    });
  }

  delete(id: string): Promise<void> {
    return this.changePointer('delete model', async (client, cur) => {
      if (cur.model_id === id) {
        const exists = await client.query('SELECT 1 FROM model_artifacts WHERE id = $1 AND kind = $2', [
          id,
          this.kind,
        ]);
        if ((exists.rowCount ?? 0) > 0) throw new ActiveModelError(id);
      }
      const deleted = await client.query('DELETE FROM model_artifacts WHERE id = $1 AND kind = $2', [
        id,
        this.kind,
      ]);
      if ((deleted.rowCount ?? 0) === 0) throw new ModelNotFoundError(id);
      if (cur.previous.includes(id)) {
        await client.query('UPDATE model_active SET previous = array_remove(previous, $2) WHERE kind = $1', [
          this.kind,
          id,
        ]);
      }
      await this.notify(client, { kind: this.kind, action: 'delete', modelId: id });
    });
  }

  getActive(): Promise<ActivePointer | null> {
    return whileAvailable('read the active model', async () => {
      const { rows } = await this.pool.query<ActiveRow>(
        'SELECT model_id, previous, changed_at FROM model_active WHERE kind = $1',
        [this.kind],
      );
      return rows.length === 0 ? null : toPointer(rows[0]);
    });
  }

  setActive(id: string): Promise<ActivePointer> {
    return this.changePointer('activate model', async (client, cur) => {
      // FOR SHARE: a concurrent delete of this model waits until the pointer names it (and then refuses).
      const exists = await client.query(
        'SELECT 1 FROM model_artifacts WHERE id = $1 AND kind = $2 FOR SHARE',
        [id, this.kind],
      );
      if ((exists.rowCount ?? 0) === 0) throw new ModelNotFoundError(id);
      const current = toPointer(cur);
      if (current?.id === id) return current;
      const previous = current
        ? [current.id, ...current.previous.filter((p) => p !== id && p !== current.id)]
        : [];
      return this.writePointer(client, id, previous.slice(0, HISTORY_LIMIT), 'activate', current?.id ?? null);
    });
  }

  rollback(): Promise<ActivePointer> {
    return this.changePointer('roll back the active model', async (client, cur) => {
      const current = toPointer(cur);
      if (!current) throw new NoPreviousModelError();
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM model_artifacts WHERE id = ANY($1) AND kind = $2 FOR SHARE',
        [current.previous, this.kind],
      );
      const existing = new Set(rows.map((r) => r.id));
      const idx = current.previous.findIndex((p) => p !== current.id && existing.has(p));
      if (idx < 0) throw new NoPreviousModelError();
      return this.writePointer(
        client,
        current.previous[idx],
        current.previous.slice(idx + 1),
        'rollback',
        current.id,
      );
    });
  }

  /** Every change of the active pointer, oldest first (the audit trail; rollback uses `previous`). */
  history(): Promise<ActivationRecord[]> {
    return whileAvailable('read the activation history', async () => {
      const { rows } = await this.pool.query<{
        seq: string;
        model_id: string;
        previous_model_id: string | null;
        action: 'activate' | 'rollback';
        changed_at: Date;
      }>(
        'SELECT seq, model_id, previous_model_id, action, changed_at FROM model_activations WHERE kind = $1 ORDER BY seq',
        [this.kind],
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        modelId: r.model_id,
        previousModelId: r.previous_model_id,
        action: r.action,
        changedAt: r.changed_at.toISOString(),
      }));
    });
  }

  /** Run `fn` in a transaction holding this kind's pointer row lock, handing it the locked row. */
  private changePointer<T>(
    operation: string,
    fn: (client: pg.PoolClient, cur: ActiveRow) => Promise<T>,
  ): Promise<T> {
    return whileAvailable(operation, () =>
      inTransaction(this.pool, async (client) => {
        await client.query('INSERT INTO model_active (kind) VALUES ($1) ON CONFLICT (kind) DO NOTHING', [
          this.kind,
        ]);
        const { rows } = await client.query<ActiveRow>(
          'SELECT model_id, previous, changed_at FROM model_active WHERE kind = $1 FOR UPDATE',
          [this.kind],
        );
        return fn(client, rows[0]);
      }),
    );
  }

  private async writePointer(
    client: pg.PoolClient,
    id: string,
    previous: string[],
    action: 'activate' | 'rollback',
    previousModelId: string | null,
  ): Promise<ActivePointer> {
    const { rows } = await client.query<ActiveRow>(
      `UPDATE model_active SET model_id = $2, previous = $3, changed_at = clock_timestamp()
       WHERE kind = $1 RETURNING model_id, previous, changed_at`,
      [this.kind, id, previous],
    );
    await client.query(
      `INSERT INTO model_activations (kind, model_id, previous_model_id, action, changed_at) VALUES ($1, $2, $3, $4, $5)`,
      [this.kind, id, previousModelId, action, rows[0].changed_at],
    );
    await this.notify(client, { kind: this.kind, action, modelId: id });
    return toPointer(rows[0])!;
  }

  private async notify(client: pg.PoolClient, change: RegistryChange): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, JSON.stringify(change)]);
  }
}
