/** A queued job cancelled before it started: final at once, as every store records it. */
import type { JobRecord } from './types.js';

export function cancelQueued(r: JobRecord, error: string, finishedAt: string): void {
  Object.assign(r, { state: 'cancelled', error, finishedAt });
  if (r.activation.requested) r.activation = { ...r.activation, reason: 'job cancelled' };
}
