/**
 * How a job whose model was being registered ended, read from the registry. The job runner persists a
 * write-ahead note (JobRecord.registration) before it registers the model, so a model is never in the
 * registry without a job record naming it. If the process dies before the record is final (or the
 * registry step fails half-way), the registry is the truth about what happened next:
 *
 *   model registered, the active pointer names it   → succeeded, linked to it, activated
 *   model registered, the pointer names another one → succeeded, linked to it, not activated
 *   model not registered                            → null: nothing was registered, the job did not finish
 *
 * Activation is never redone after a restart: an administrator decides (POST /v1/models/:id/activate).
 */
import type { ActivationOutcome, JobRecord, PendingRegistration } from './types.js';

export type RegisteredOutcome = Required<Pick<JobRecord, 'modelId' | 'synthetic' | 'activation'>>;

/** `stopped`: what cut the registry step short, e.g. "the service stopped". */
export function registrationOutcome(
  note: PendingRegistration,
  requested: boolean,
  registered: boolean,
  activeId: string | null,
  stopped: string,
): RegisteredOutcome | null {
  if (!registered) return null;
  const activated = activeId === note.modelId;
  let reason: string;
  if (activated) reason = note.activate ? note.reason : 'the model is the active model';
  else if (note.activate)
    reason = `${stopped} before the model was activated; it stays registered but inactive (activate it with POST /v1/models/${note.modelId}/activate)`;
  else reason = note.reason;
  const activation: ActivationOutcome = { requested, activated, reason };
  return { modelId: note.modelId, synthetic: note.synthetic, activation };
}
