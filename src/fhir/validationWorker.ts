/**
 * Worker thread entry of the off-thread FHIR validator (validationThread.ts): validates each posted
 * resource against the R4 definitions (loaded once, on the first message) and posts back its errors.
 */
import { parentPort } from 'node:worker_threads';
import { validationErrors } from './validate.js';

export interface ValidationRequest {
  id: number;
  value: unknown;
}

export type ValidationReply =
  { id: number; issues: ReturnType<typeof validationErrors> } | { id: number; error: string };

parentPort?.on('message', ({ id, value }: ValidationRequest) => {
  try {
    parentPort!.postMessage({ id, issues: validationErrors(value) } satisfies ValidationReply);
  } catch (e) {
    parentPort!.postMessage({
      id,
      error: e instanceof Error ? e.message : String(e),
    } satisfies ValidationReply);
  }
});
