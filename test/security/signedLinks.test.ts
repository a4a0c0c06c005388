import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LinkSigner } from '../../src/security/signedLinks.js';

const secret = Buffer.alloc(32, 7);
const signer = new LinkSigner(secret, 3600);
const now = Date.UTC(2026, 10, 30, 12);
const accessOf = (link: string) => new URL(link, 'https://x.example').searchParams.get('access');

describe('LinkSigner', () => {
  it('signs the path and expiry with HMAC-SHA256 (recomputed independently here)', () => {
    const link = signer.sign('/v1/models/abc', now);
    const expiry = Math.floor(now / 1000) + 3600;
    const mac = createHmac('sha256', secret).update(`/v1/models/abc\n${expiry}`).digest('base64url');
    expect(link).toBe(`/v1/models/abc?access=${expiry}.${mac}`);
    expect(signer.verify('/v1/models/abc', accessOf(link), now)).toBe(true);
  });

  it('opens only the exact path, only until it expires, and only unaltered', () => {
    const access = accessOf(signer.sign('/v1/models/abc', now))!;
    expect(signer.verify('/v1/models/abc/report', access, now)).toBe(false);
    expect(signer.verify('/v1/models/abd', access, now)).toBe(false);
    expect(signer.verify('/v1/models/abc', access, now + 3600 * 1000)).toBe(false);
    expect(signer.verify('/v1/models/abc', access, now + 3599 * 1000)).toBe(true);
    const [expiry, mac] = access.split('.');
    expect(signer.verify('/v1/models/abc', `${Number(expiry) + 100}.${mac}`, now)).toBe(false);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(signer.verify('/v1/models/abc', `${expiry}.${flipped}`, now)).toBe(false);
    expect(new LinkSigner(Buffer.alloc(32, 8), 3600).verify('/v1/models/abc', access, now)).toBe(false);
    for (const bad of [undefined, '', 'x', `${expiry}`, `${expiry}.short`, ['a'], 42])
      expect(signer.verify('/v1/models/abc', bad, now)).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new LinkSigner(Buffer.alloc(31), 60)).toThrow(/at least 32 bytes/);
  });
});
