/**
 * The CDS Hooks part of bench/serve.ts: a fake EHR (an ES384 key pair, its JWKS on loopback, served
 * by this process) signs a fresh JWT for every request up front; bench/cdsLoadDriver.ts sends them
 * from its own process against POST /cds-services/her2-status with one patient's Observations as
 * prefetch (one card per call), and reports latency percentiles.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The audience base of the benchmark's tokens (HER2_CDS_BASE_URL; it need not resolve). */
export const CDS_BENCH_BASE = 'http://her2.bench.invalid';
export const CDS_BENCH_ISSUER = 'https://ehr.bench.invalid/';

export interface CdsDriverResult {
  requests: number;
  non200: number;
  errors: number;
  firstStatus: Record<string, string>;
  tokensLeft: number;
  reqPerS: number;
  p50: number;
  p99: number;
  max: number;
}

export interface BenchEhr {
  jwksUrl: string;
  /** `n` tokens for the her2-status endpoint, each with its own jti. */
  tokens(n: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startBenchEhr(): Promise<BenchEhr> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES384' }] });
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    async tokens(n) {
      const now = Math.floor(Date.now() / 1000);
      const out: string[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          await new SignJWT({})
            .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'bench' })
            .setIssuer(CDS_BENCH_ISSUER)
            .setAudience(`${CDS_BENCH_BASE}/cds-services/her2-status`)
            .setIssuedAt(now)
            .setExpirationTime(now + 540)
            .setJti(randomUUID())
            .sign(privateKey),
        );
      return out;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One run of the load driver in its own process. */
export async function runCdsDriver(
  dir: string,
  job: { url: string; body: string; tokens: string[]; connections: number; durationMs: number },
): Promise<CdsDriverResult> {
  const file = join(dir, `cds-job-${randomUUID()}.json`);
  await writeFile(file, JSON.stringify(job));
  const driver = fileURLToPath(new URL('./cdsLoadDriver.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', driver, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the CDS load driver exited with code ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as CdsDriverResult;
}
