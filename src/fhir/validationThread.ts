/**
 * FHIR validation off the event loop: a large training Bundle takes seconds to validate, and in the
 * request's thread that would stall every other request of the replica meanwhile. One worker thread,
 * started on first use and kept (the R4 definitions it indexes take about 2 s to load), validates
 * resources in the order sent; a worker that dies fails what it had and is replaced on the next call.
 * Small resources are validated in place (the worker round trip would cost more than it saves).
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/workerEntry.js';
import type { FhirIssue } from './issues.js';
import { validationErrors } from './validate.js';
import type { ValidationReply } from './validationWorker.js';

const WORKER_URL = new URL('./validationWorker.js', import.meta.url);

type Waiting = { resolve: (i: FhirIssue[]) => void; reject: (e: Error) => void };

/** A worker and the requests it has not answered yet (a dying worker fails only its own). */
interface ValidationWorker {
  worker: Worker;
  pending: Map<number, Waiting>;
}

export class FhirValidationThread {
  private current: ValidationWorker | null = null;
  private nextId = 0;

  /** Errors and fatals of the resource, as validationErrors; in the worker when it has more than `inPlaceEntries` entries. */
  async validationErrors(value: unknown, inPlaceEntries = 50): Promise<FhirIssue[]> {
    if (entryCount(value) <= inPlaceEntries) return validationErrors(value);
    const { worker, pending } = this.started();
    const id = this.nextId++;
    return new Promise<FhirIssue[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, value });
    });
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) await current.worker.terminate();
  }

  private started(): ValidationWorker {
    if (this.current) return this.current;
    const worker = new Worker(workerEntry(WORKER_URL));
    // An idle validator never keeps the process alive.
    worker.unref();
    const self: ValidationWorker = { worker, pending: new Map() };
    worker.on('message', (reply: ValidationReply) => {
      const waiting = self.pending.get(reply.id);
      if (!waiting) return;
      self.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(`FHIR validation failed: ${reply.error}`));
      else waiting.resolve(reply.issues);
    });
    const fail = (error: Error) => {
      if (this.current === self) this.current = null;
      for (const waiting of self.pending.values()) waiting.reject(error);
      self.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the FHIR validation worker exited (code ${code})`)));
    this.current = self;
    return self;
  }
}

/** Entries of a Bundle, or of the Bundles a Parameters carries; 0 for anything else. */
function entryCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const r = value as { resourceType?: unknown; entry?: unknown; parameter?: unknown };
  if (r.resourceType === 'Bundle' && Array.isArray(r.entry)) return r.entry.length;
  if (r.resourceType === 'Parameters' && Array.isArray(r.parameter))
    return r.parameter.reduce((n: number, p: { resource?: unknown }) => n + entryCount(p?.resource), 0);
  return 0;
}
