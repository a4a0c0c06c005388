/**
 * The JWT ids already seen, each kept until its token expires, so a captured CDS Hooks token cannot
 * be replayed. Bounded: when `capacity` unexpired ids are held, expired ones are dropped first and, if
 * none has expired, a new token is refused ('full') rather than an old id forgotten (forgetting would
 * reopen the replay window). Tokens live minutes, so the set stays small in normal use.
 */
export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

export class ReplayCache {
  /** key → expiry (seconds since the epoch); a Map iterates in insertion order. */
  private readonly seen = new Map<string, number>();
  /** The earliest expiry held, so a sweep that would drop nothing is skipped. */
  private earliestExpiry = Infinity;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Record `key` (the issuer and jti) valid until `expiresAt`; says whether it was new. */
  check(key: string, expiresAt: number, now: number): ReplayVerdict {
    const known = this.seen.get(key);
    if (known !== undefined && known >= now) return 'replayed';
    if (known !== undefined) this.seen.delete(key);
    if (this.seen.size >= this.capacity) this.sweep(now);
    if (this.seen.size >= this.capacity) return 'full';
    this.seen.set(key, expiresAt);
    if (expiresAt < this.earliestExpiry) this.earliestExpiry = expiresAt;
    return 'fresh';
  }

  private sweep(now: number): void {
    if (this.earliestExpiry >= now) return;
    let earliest = Infinity;
    for (const [key, exp] of this.seen) {
      if (exp < now) this.seen.delete(key);
      else if (exp < earliest) earliest = exp;
    }
    this.earliestExpiry = earliest;
  }
}
