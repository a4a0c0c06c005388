/**
 * TEST DOUBLE of an EHR as a CDS Hooks client: it holds an ES384 and an RS384 key pair, serves their
 * public halves as a JWK Set on a loopback HTTP server, and signs CDS Hooks JWTs (a fresh jti each
 * time unless told otherwise). Also builds the unsigned (`alg: none`) token an attacker would send.
 */
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface SignOptions {
  aud: string | string[];
  alg?: 'ES384' | 'RS384';
  iss?: string;
  jti?: string;
  /** Seconds from now (negative: already expired). Default 300. */
  expiresIn?: number;
  /** Seconds from now of iat. Default 0. */
  issuedAt?: number;
  jku?: string;
  /** Leave a required claim out. */
  omit?: 'jti' | 'iat' | 'exp';
  /** The tenant claim (default "test-hospital"). */
  tenant?: string;
}

export interface FakeEhr {
  iss: string;
  jwksUrl: string;
  /** JWKS requests served so far. */
  jwksRequests: number;
  sign(options: SignOptions): Promise<string>;
  close(): Promise<void>;
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An `alg: none` token: header.payload. with an empty signature (RFC 7519 section 6). */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

export async function startFakeEhr(iss = 'https://ehr.test.example/'): Promise<FakeEhr> {
  const es = await generateKeyPair('ES384', { extractable: true });
  const rs = await generateKeyPair('RS384', { extractable: true, modulusLength: 2048 });
  const keys = [
    { ...(await exportJWK(es.publicKey)), kid: 'ehr-es384', alg: 'ES384', use: 'sig' },
    { ...(await exportJWK(rs.publicKey)), kid: 'ehr-rs384', alg: 'RS384', use: 'sig' },
  ];
  const privateKeys: Record<'ES384' | 'RS384', CryptoKey> = { ES384: es.privateKey, RS384: rs.privateKey };
  const state = { jwksRequests: 0 };
  const server: Server = createServer((req, res) => {
    state.jwksRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  return {
    iss,
    jwksUrl,
    get jwksRequests() {
      return state.jwksRequests;
    },
    async sign(o) {
      const alg = o.alg ?? 'ES384';
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ tenant: o.tenant ?? 'test-hospital' })
        .setProtectedHeader({
          alg,
          typ: 'JWT',
          kid: alg === 'ES384' ? 'ehr-es384' : 'ehr-rs384',
          ...(o.jku ? { jku: o.jku } : {}),
        })
        .setIssuer(o.iss ?? iss)
        .setSubject('ehr-client-id')
        .setAudience(o.aud);
      if (o.omit !== 'iat') jwt.setIssuedAt(now + (o.issuedAt ?? 0));
      if (o.omit !== 'exp') jwt.setExpirationTime(now + (o.expiresIn ?? 300));
      if (o.omit !== 'jti') jwt.setJti(o.jti ?? randomUUID());
      return jwt.sign(privateKeys[alg]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
