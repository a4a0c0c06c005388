/** A training request that cannot be carried out as given (bad site name, missing clinical column, ...). */
export class TrainingInputError extends Error {
  /** The message without patient ids or values, for job records (the message itself when it has none). */
  readonly publicMessage: string;

  constructor(message: string, publicMessage: string = message) {
    super(message);
    this.name = 'TrainingInputError';
    this.publicMessage = publicMessage;
  }
}
