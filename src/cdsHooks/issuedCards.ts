/**
 * The model behind each recently issued card, by card uuid, so a feedback record names the model it
 * judges. Bounded: the oldest cards are forgotten first (their feedback is then recorded without a
 * model id; the call's own audit record still links card and model).
 */
export class IssuedCards {
  private readonly models = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  remember(cardUuid: string, modelId: string): void {
    if (this.models.size >= this.capacity) {
      const oldest = this.models.keys().next();
      if (!oldest.done) this.models.delete(oldest.value);
    }
    this.models.set(cardUuid, modelId);
  }

  modelOf(cardUuid: string): string | null {
    return this.models.get(cardUuid) ?? null;
  }
}
