/**
 * Load driver of the CDS Hooks benchmark, run as its own process by bench/serve.ts (so the client's
 * work does not share the service's event loop): `connections` concurrent keep-alive loops POST the
 * same CDS request, each with the next pre-signed JWT (a jti is accepted once, so no token is sent
 * twice), until `durationMs` is over or the tokens run out. Prints one JSON line: requests, non-200
 * answers, errors, throughput and latency percentiles in ms.
 *
 *   node --import tsx bench/cdsLoadDriver.ts <job.json>   job: {url, body, tokens, connections, durationMs}
 */
import { readFileSync } from 'node:fs';

interface Job {
  url: string;
  body: string;
  tokens: string[];
  connections: number;
  durationMs: number;
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
const latencies: number[] = [];
let next = 0;
let non200 = 0;
let errors = 0;
const firstStatus: Record<string, string> = {};
const start = performance.now();
const end = start + job.durationMs;

async function loop(): Promise<void> {
  while (performance.now() < end && next < job.tokens.length) {
    const token = job.tokens[next++];
    const t0 = performance.now();
    try {
      const res = await fetch(job.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: job.body,
      });
      const text = await res.text();
      if (res.status !== 200) {
        non200++;
        firstStatus[String(res.status)] ??= text.slice(0, 200);
      }
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: job.connections }, loop));
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] ?? NaN;
console.log(
  JSON.stringify({
    requests: latencies.length,
    non200,
    errors,
    firstStatus,
    tokensLeft: job.tokens.length - next,
    reqPerS: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    max: latencies.at(-1) ?? NaN,
  }),
);
