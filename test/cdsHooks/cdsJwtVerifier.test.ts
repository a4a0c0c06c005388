import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCdsHooksConfig } from '../../src/cdsHooks/cdsConfig.js';
import { CdsAuthError, CdsJwtVerifier } from '../../src/cdsHooks/cdsJwtVerifier.js';
import { type FakeEhr, startFakeEhr, unsignedToken } from '../helpers/fakeEhr.js';

const AUD = 'https://her2.test.example/cds-services/her2-status';

const spec = JSON.parse(
  readFileSync(new URL('../fixtures/cds-hooks/spec-example-jwt.json', import.meta.url), 'utf8'),
) as {
  token: string;
  payload: { iss: string; aud: string; exp: number; jti: string; tenant: string; sub: string };
  header: { jku: string };
  jwks: unknown;
};

let ehr: FakeEhr;
let impostor: FakeEhr;

beforeAll(async () => {
  ehr = await startFakeEhr();
  // Same issuer name, its own keys: what someone without the EHR's private key can sign.
  impostor = await startFakeEhr(ehr.iss);
});
afterAll(async () => {
  await ehr.close();
  await impostor.close();
});

function verifier(extra: { capacity?: number; jku?: string[] } = {}): CdsJwtVerifier {
  const c = resolveCdsHooksConfig({
    issuers: { [ehr.iss]: { jwks: ehr.jwksUrl, jku: extra.jku ?? [] } },
    maxRememberedTokens: extra.capacity ?? 1000,
  });
  return new CdsJwtVerifier(c);
}

async function refusal(p: Promise<unknown>): Promise<CdsAuthError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CdsAuthError);
  return e as CdsAuthError;
}

const bearer = (t: string) => `Bearer ${t}`;

describe('CdsJwtVerifier', () => {
  it('accepts an ES384 and an RS384 token from an allowlisted issuer, once each', async () => {
    const v = verifier();
    for (const alg of ['ES384', 'RS384'] as const) {
      const token = await ehr.sign({ aud: AUD, alg, jti: `jti-${alg}` });
      const caller = await v.verify(bearer(token), [AUD]);
      expect(caller).toEqual({
        iss: ehr.iss,
        sub: 'ehr-client-id',
        jti: `jti-${alg}`,
        tenant: 'test-hospital',
      });
      const replay = await refusal(v.verify(bearer(token), [AUD]));
      expect(replay.statusCode).toBe(401);
      expect(replay.message).toContain(`jti "jti-${alg}" was already used`);
    }
  });

  it('accepts aud given as an array holding the endpoint', async () => {
    const token = await ehr.sign({ aud: ['https://other.example/x', AUD] });
    await expect(verifier().verify(bearer(token), [AUD])).resolves.toMatchObject({ iss: ehr.iss });
  });

  it('refuses a missing or non-bearer Authorization header', async () => {
    const v = verifier();
    expect((await refusal(v.verify(undefined, [AUD]))).message).toContain('a CDS Hooks JWT is required');
    expect((await refusal(v.verify('Basic abc', [AUD]))).message).toContain('a CDS Hooks JWT is required');
    expect((await refusal(v.verify('Bearer not-a-jwt', [AUD]))).message).toContain('not a JWT');
  });

  it('refuses an unsigned (alg none) token without fetching any key', async () => {
    const before = ehr.jwksRequests;
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedToken({ iss: ehr.iss, aud: AUD, iat: now, exp: now + 60, jti: 'none-1' });
    const e = await refusal(verifier().verify(bearer(token), [AUD]));
    expect(e.statusCode).toBe(401);
    expect(e.message).toContain('alg "none" is not accepted');
    expect(ehr.jwksRequests).toBe(before);
  });

  it('refuses an HMAC (shared secret) token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ jti: 'hs-1' })
      .setProtectedHeader({ alg: 'HS384', typ: 'JWT' })
      .setIssuer(ehr.iss)
      .setAudience(AUD)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode('a shared secret of enough length for HS384 use!!'));
    expect((await refusal(verifier().verify(bearer(token), [AUD]))).message).toContain('alg "HS384"');
  });

  it('refuses an expired token', async () => {
    const token = await ehr.sign({ aud: AUD, expiresIn: -120, issuedAt: -300 });
    expect((await refusal(verifier().verify(bearer(token), [AUD]))).message).toContain('the JWT has expired');
  });

  it('refuses a token for another endpoint, naming the expected aud', async () => {
    const token = await ehr.sign({ aud: 'https://her2.test.example/cds-services' });
    const e = await refusal(verifier().verify(bearer(token), [AUD]));
    expect(e.message).toContain('"https://her2.test.example/cds-services" is not this endpoint');
    expect(e.message).toContain(AUD);
  });

  it('refuses an issuer off the allowlist without fetching its keys', async () => {
    const before = ehr.jwksRequests;
    const token = await ehr.sign({ aud: AUD, iss: 'https://rogue.example/' });
    const e = await refusal(verifier().verify(bearer(token), [AUD]));
    expect(e.message).toBe('issuer "https://rogue.example/" is not on the allowlist of CDS clients');
    expect(ehr.jwksRequests).toBe(before);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const token = await impostor.sign({ aud: AUD });
    const e = await refusal(verifier().verify(bearer(token), [AUD]));
    expect(e.message).toContain(`signature does not verify against the keys of issuer ${ehr.iss}`);
    expect(impostor.jwksRequests).toBe(0);
  });

  it('honours jku only when allowlisted for the issuer', async () => {
    // The impostor points jku at its own key set: refused before any fetch.
    const rogue = await impostor.sign({ aud: AUD, jku: impostor.jwksUrl });
    const e = await refusal(verifier().verify(bearer(rogue), [AUD]));
    expect(e.message).toContain(`jku "${impostor.jwksUrl}" is not on the allowlist`);
    expect(impostor.jwksRequests).toBe(0);
    // Allowlisted: the keys come from that URL.
    const allowed = await impostor.sign({ aud: AUD, jku: impostor.jwksUrl });
    await expect(verifier({ jku: [impostor.jwksUrl] }).verify(bearer(allowed), [AUD])).resolves.toMatchObject(
      {
        iss: ehr.iss,
      },
    );
    expect(impostor.jwksRequests).toBe(1);
  });

  it('refuses a token without jti, and one that lives too long', async () => {
    const noJti = await ehr.sign({ aud: AUD, omit: 'jti' });
    expect((await refusal(verifier().verify(bearer(noJti), [AUD]))).message).toContain('"jti"');
    const longLived = await ehr.sign({ aud: AUD, expiresIn: 3600 });
    expect((await refusal(verifier().verify(bearer(longLived), [AUD]))).message).toMatch(
      /expires 3600 s from now; at most 600 s/,
    );
  });

  it('answers 429 when the replay set is full of unexpired tokens', async () => {
    const v = verifier({ capacity: 2 });
    await v.verify(bearer(await ehr.sign({ aud: AUD })), [AUD]);
    await v.verify(bearer(await ehr.sign({ aud: AUD })), [AUD]);
    const e = await refusal(v.verify(bearer(await ehr.sign({ aud: AUD })), [AUD]));
    expect(e.statusCode).toBe(429);
  });

  describe("the specification's published example token", () => {
    const specVerifier = (nowMs: number) =>
      new CdsJwtVerifier({
        ...resolveCdsHooksConfig({
          issuers: { [spec.payload.iss]: { jwks: spec.header.jku, jku: [] } },
          // The example was issued in 2011 and expires in 2015.
          maxTokenLifetimeSeconds: 400_000_000,
        }),
        now: () => nowMs,
        fetchJwks: async () => new Response(JSON.stringify(spec.jwks), { status: 200 }),
      });

    it('verifies with the published JWK Set shortly before its exp', async () => {
      const caller = await specVerifier((spec.payload.exp - 60) * 1000).verify(bearer(spec.token), [
        spec.payload.aud,
      ]);
      expect(caller).toEqual({
        iss: spec.payload.iss,
        sub: spec.payload.sub,
        jti: spec.payload.jti,
        tenant: spec.payload.tenant,
      });
    });

    it('is refused as expired today', async () => {
      const e = await refusal(specVerifier(Date.now()).verify(bearer(spec.token), [spec.payload.aud]));
      expect(e.message).toContain(`the JWT has expired (exp ${spec.payload.exp})`);
    });
  });
});
