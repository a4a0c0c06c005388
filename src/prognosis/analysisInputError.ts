/**
 * A prognosis analysis that cannot be run on the data it was given (an unknown marker, a cut-off
 * that leaves a group empty, no progression at all). Not a bug: the message says what to change.
 */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}
