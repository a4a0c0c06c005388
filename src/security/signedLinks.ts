/**
 * Expiring signed links to read-only pages: `<path>?access=<expiry>.<signature>`, the signature an
 * HMAC-SHA256 over the path and the expiry (seconds since the epoch). The CDS Hooks card links the
 * model card and report this way, so a clinician who follows a card's link from the EHR can read
 * them without an API key, for a while, and nothing else: the signature covers the exact path.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class LinkSigner {
  constructor(
    private readonly secret: Buffer,
    readonly ttlSeconds: number,
  ) {
    if (secret.length < 32) throw new RangeError('the link-signing secret must have at least 32 bytes');
  }

  private signature(path: string, expiry: number): Buffer {
    return createHmac('sha256', this.secret).update(`${path}\n${expiry}`).digest();
  }

  /** The path with an `access` parameter valid for ttlSeconds from `now` (milliseconds). */
  sign(path: string, now = Date.now()): string {
    const expiry = Math.floor(now / 1000) + this.ttlSeconds;
    return `${path}?access=${expiry}.${this.signature(path, expiry).toString('base64url')}`;
  }

  /** Whether `access` was signed for exactly this path and has not expired at `now` (milliseconds). */
  verify(path: string, access: unknown, now = Date.now()): boolean {
    if (typeof access !== 'string') return false;
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(access);
    if (!match) return false;
    const expiry = Number(match[1]);
    if (expiry * 1000 <= now) return false;
    return timingSafeEqual(Buffer.from(match[2], 'base64url'), this.signature(path, expiry));
  }
}
