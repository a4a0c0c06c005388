/**
 * Job records on PostgreSQL, shared by every replica. Each lease operation is one statement (or one
 * transaction) on the row, so exactly one replica claims a queued job and exactly one takes over a job
 * whose lease ran out; lease times are the database's clock, so replicas' clocks need not agree.
 * Tables: src/db/migrations/ (001 and 002).
 */
import type { Pool } from 'pg';
import { inTransaction } from '../db/pool.js';
import { cancelQueued } from './cancelQueued.js';
import { type HeldSave, type JobRecord, type JobStore, isFinal } from './types.js';

type JobRow = {
  record: JobRecord;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  cancel_requested: boolean;
};

const COLUMNS = 'record, lease_owner, lease_expires_at, cancel_requested';

/** The record as clients and the runner see it: the JSON with the coordination columns put back. */
function fromRow(row: JobRow): JobRecord {
  const r = { ...row.record };
  delete r.lease;
  delete r.cancelRequested;
  if (row.lease_owner !== null && row.lease_expires_at !== null)
    r.lease = { owner: row.lease_owner, expiresAt: row.lease_expires_at.toISOString() };
  if (row.cancel_requested) r.cancelRequested = true;
  return r;
}

/** The JSON column: the record without what lives in columns. */
function recordJson(record: JobRecord): string {
  const { lease: _lease, cancelRequested: _cancel, ...rest } = record;
  return JSON.stringify(rest);
}

export class PostgresJobStore implements JobStore {
  constructor(private readonly pool: Pool) {}

  async save(record: JobRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO training_jobs (id, state, created_at, record, lease_owner, lease_expires_at, cancel_requested)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, record = EXCLUDED.record, updated_at = now(),
         lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at,
         cancel_requested = EXCLUDED.cancel_requested`,
      [
        record.id,
        record.state,
        record.createdAt,
        recordJson(record),
        record.lease?.owner ?? null,
        record.lease?.expiresAt ?? null,
        record.cancelRequested === true,
      ],
    );
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM training_jobs WHERE id = $1`, [
      id,
    ]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<JobRecord[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM training_jobs ORDER BY created_at DESC, id`,
    );
    return rows.map(fromRow);
  }

  async claim(id: string, owner: string, leaseMs: number): Promise<JobRecord | null> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE training_jobs
         SET state = 'running', record = jsonb_set(record, '{state}', '"running"'), updated_at = now(),
             attempts = attempts + 1,
             lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND state = 'queued'
       RETURNING ${COLUMNS}`,
      [id, owner, leaseMs],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async saveHeld(record: JobRecord, owner: string, leaseMs: number): Promise<HeldSave> {
    const final = isFinal(record.state);
    const { rows } = await this.pool.query<{ cancel_requested: boolean }>(
      `UPDATE training_jobs
         SET state = $2, record = $3, updated_at = now(),
             lease_owner = CASE WHEN $5 THEN NULL ELSE lease_owner END,
             lease_expires_at = CASE WHEN $5 THEN NULL ELSE now() + $6 * interval '1 millisecond' END
       WHERE id = $1 AND state = 'running' AND lease_owner = $4
       RETURNING cancel_requested`,
      [record.id, record.state, recordJson(record), owner, final, leaseMs],
    );
    if (rows[0]) return { held: true, cancelRequested: rows[0].cancel_requested };
    const current = await this.get(record.id);
    return { held: false, cancelRequested: current?.cancelRequested === true };
  }

  requestCancel(id: string, error: string): Promise<JobRecord | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<JobRow>(
        `SELECT ${COLUMNS} FROM training_jobs WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const r = rows[0] && fromRow(rows[0]);
      if (r?.state === 'queued') {
        cancelQueued(r, error, new Date().toISOString());
        await client.query(
          `UPDATE training_jobs SET state = $2, record = $3, updated_at = now() WHERE id = $1`,
          [id, r.state, recordJson(r)],
        );
      } else if (r?.state === 'running') {
        r.cancelRequested = true;
        await client.query(
          `UPDATE training_jobs SET cancel_requested = true, updated_at = now() WHERE id = $1`,
          [id],
        );
      }
      return r;
    });
  }

  async takeOverExpired(owner: string, leaseMs: number): Promise<JobRecord[]> {
    // Under READ COMMITTED a row another sweeper is updating is re-checked after its lock: it no longer
    // matches (its lease was renewed), so each expired job goes to one caller.
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE training_jobs
         SET lease_owner = $1, lease_expires_at = now() + $2 * interval '1 millisecond'
       WHERE state = 'running' AND lease_expires_at <= now()
       RETURNING ${COLUMNS}`,
      [owner, leaseMs],
    );
    return rows.map(fromRow);
  }
}
