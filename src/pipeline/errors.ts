/** A training request that cannot be carried out as given (bad site name, missing clinical column, ...). */
export class TrainingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingInputError';
  }
}
