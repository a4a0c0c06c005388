/**
 * The text a failed training job records (job file, GET /v1/training-jobs): an error's
 * `publicMessage` when it has one, else its message. Errors whose message can quote patient data
 * (CohortError: the patient id and the offending cell; TrainingInputError) carry a public form that
 * keeps file, row, line and column but neither; the CLI, run by whoever holds the file, prints the
 * full message.
 */
export function publicErrorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { publicMessage } = error as { publicMessage?: unknown };
    if (typeof publicMessage === 'string') return publicMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
