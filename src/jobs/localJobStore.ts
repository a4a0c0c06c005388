/**
 * The lease operations of a JobStore kept by one process (memory, a directory): read-modify-write of
 * one record at a time, made atomic by running every operation of the store in turn. Subclasses give
 * the record storage; the clock is injectable so a lease's end is the store's decision, as on
 * PostgreSQL (src/jobs/postgresJobStore.ts), where the database's clock decides.
 */
import { cancelQueued } from './cancelQueued.js';
import { type HeldSave, type JobRecord, type JobStore, isFinal } from './types.js';

export abstract class LocalJobStore implements JobStore {
  private turn: Promise<unknown> = Promise.resolve();

  protected constructor(private readonly now: () => number = Date.now) {}

  protected abstract read(id: string): Promise<JobRecord | undefined>;
  protected abstract write(record: JobRecord): Promise<void>;
  protected abstract readAll(): Promise<JobRecord[]>;

  /** Run `op` after every operation before it, so no two interleave. */
  private inTurn<T>(op: () => Promise<T>): Promise<T> {
    const p = this.turn.then(op);
    this.turn = p.catch(() => undefined);
    return p;
  }

  save(record: JobRecord): Promise<void> {
    return this.inTurn(() => this.write(structuredClone(record)));
  }

  get(id: string): Promise<JobRecord | undefined> {
    return this.inTurn(() => this.read(id));
  }

  list(): Promise<JobRecord[]> {
    return this.inTurn(() => this.readAll());
  }

  private leaseUntil(owner: string, leaseMs: number) {
    return { owner, expiresAt: new Date(this.now() + leaseMs).toISOString() };
  }

  claim(id: string, owner: string, leaseMs: number): Promise<JobRecord | null> {
    return this.inTurn(async () => {
      const r = await this.read(id);
      if (!r || r.state !== 'queued') return null;
      r.state = 'running';
      r.lease = this.leaseUntil(owner, leaseMs);
      await this.write(r);
      return r;
    });
  }

  saveHeld(record: JobRecord, owner: string, leaseMs: number): Promise<HeldSave> {
    return this.inTurn(async () => {
      const current = await this.read(record.id);
      if (!current || current.state !== 'running' || current.lease?.owner !== owner)
        return { held: false, cancelRequested: current?.cancelRequested === true };
      const next = structuredClone(record);
      // the flag is set by others; the holder's copy may predate it
      if (current.cancelRequested) next.cancelRequested = true;
      if (isFinal(next.state)) delete next.lease;
      else next.lease = this.leaseUntil(owner, leaseMs);
      await this.write(next);
      return { held: true, cancelRequested: next.cancelRequested === true };
    });
  }

  requestCancel(id: string, error: string): Promise<JobRecord | undefined> {
    return this.inTurn(async () => {
      const r = await this.read(id);
      if (!r || isFinal(r.state)) return r;
      if (r.state === 'queued') {
        cancelQueued(r, error, new Date(this.now()).toISOString());
      } else r.cancelRequested = true;
      await this.write(r);
      return r;
    });
  }

  takeOverExpired(owner: string, leaseMs: number): Promise<JobRecord[]> {
    return this.inTurn(async () => {
      const out: JobRecord[] = [];
      const now = this.now();
      for (const r of await this.readAll()) {
        if (r.state !== 'running' || !r.lease || Date.parse(r.lease.expiresAt) > now) continue;
        r.lease = this.leaseUntil(owner, leaseMs);
        await this.write(r);
        out.push(r);
      }
      return out;
    });
  }
}
