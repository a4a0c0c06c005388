/**
 * Fuzz benchmark (not a test): at least 10,000 hostile requests across every route of the running
 * service, judged against "0 responses 5xx" (issue 9).
 *
 *   npm run bench:fuzz [-- --requests 12000] [--seed 9] [--concurrency 8] [--max-seconds 600]
 *
 * The service runs as production runs it, in its own process (`node dist/server.js`, compiled; the
 * script builds it first), on loopback, on a fresh temporary registry (it trains its default model at
 * first start), with API keys of every role configured so that authentication is exercised, the
 * production trainer (accepted jobs really start, and fail on the tiny cohorts sent), and the default
 * limits except the rate limit and the queue length, raised so that requests reach the routes rather
 * than end 429.
 * Two variants of the default model (same content, another provenance note, hence another id) are
 * registered beside it so that activation, rollback and deletion act on real models; whatever the
 * requests delete is registered again between rounds of 1,000 (no request in flight then), and the
 * service can never delete its active model, so it always has one to serve.
 *
 * Requests (bench/fuzzRoutes.ts, drawn from a seeded generator) are sent from this process over
 * keep-alive connections, a few at a time. Printed: counts by route and status, every 5xx with its
 * method, path, label and a body excerpt, connections the service closed without a response, the
 * service's error log lines, a final check that the service is alive and still predicts, and the
 * verdict line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelArtifact } from '../src/model/artifact.js';
import { computeArtifactId } from '../src/model/artifactId.js';
import { exampleRequestFor } from '../src/model/exampleRequest.js';
import { parsePredictionCsv } from '../src/model/predictionInput.js';
import { DirectoryModelRegistry } from '../src/registry/directoryRegistry.js';
import { demoTrainingRequest } from '../src/serviceDependencies.js';
import { createRng } from '../src/stats/random.js';
import type { PatientTemplate } from '../test/helpers/hostile/predictionRequests.js';
import type { HostileRequest } from '../test/helpers/hostile/request.js';
import { BENCH_API_KEYS, BENCH_KEYS, type FuzzContext, ROUTES, hostileServiceRequest } from './fuzzRoutes.js';
import { startServiceProcess } from './serviceProcess.js';

const TARGET_REQUESTS = 10_000;
const ROUND = 1_000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface Outcome {
  status: number | null;
  body: string;
  error?: string;
}

/**
 * Sends a request with an exact Content-Length; resolves with the status and up to 4 KiB of body, or
 * the error. A kept-alive connection the service closed after its previous response (as it does
 * after refusing an upload) can fail a request before the service reads it: that one is sent again,
 * once, on a new connection (Node's documented `reusedSocket` retry).
 */
async function send(base: string, agent: Agent, req: HostileRequest, timeoutMs: number): Promise<Outcome> {
  const first = await sendOnce(base, agent, req, timeoutMs);
  return first.retry ? sendOnce(base, false, req, timeoutMs) : first;
}

function sendOnce(
  base: string,
  agent: Agent | false,
  req: HostileRequest,
  timeoutMs: number,
): Promise<Outcome & { retry?: boolean }> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome & { retry?: boolean }) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest(
        new URL(base),
        {
          method: req.method,
          path: req.url,
          agent,
          headers: {
            ...req.headers,
            ...(req.payload ? { 'content-length': String(req.payload.length) } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('latin1');
          res.on('data', (c: string) => {
            if (body.length < 4096) body += c;
          });
          res.on('end', () => done({ status: res.statusCode ?? null, body }));
          res.on('error', (e) => done({ status: res.statusCode ?? null, body, error: e.message }));
        },
      );
    } catch (e) {
      done({ status: null, body: '', error: `client refused to send: ${(e as Error).message}` });
      return;
    }
    r.on('timeout', () => r.destroy(new Error(`no response within ${timeoutMs} ms`)));
    r.on('error', (e: NodeJS.ErrnoException) =>
      done({
        status: null,
        body: '',
        error: e.code ?? e.message,
        retry: r.reusedSocket && e.code === 'ECONNRESET',
      }),
    );
    r.end(req.payload);
  });
}

/** The default model with another provenance note: the same predictions under another id. */
function variant(artifact: ModelArtifact, n: number): ModelArtifact {
  const content = {
    ...artifact,
    provenance: {
      ...artifact.provenance,
      cohortSource: `${artifact.provenance.cohortSource} (bench:fuzz variant ${n})`,
    },
  };
  return { ...content, id: computeArtifactId(content) };
}

/** A valid patient for the model: a real row of the demo cohort with exactly the inputs it needs. */
function patientTemplate(artifact: ModelArtifact): PatientTemplate {
  const csv = demoTrainingRequest().cohortCsv;
  const [{ id }] = parsePredictionCsv(csv, 'demo cohort');
  const [patient] = exampleRequestFor(artifact, csv, [id]).patients;
  return {
    features: patient.features,
    clinical: patient.clinical ?? {},
    categorical: Object.fromEntries(
      Object.entries(artifact.input.categorical).map(([n, e]) => [n, e.levels]),
    ),
  };
}

const excerpt = (payload: Buffer | undefined) =>
  JSON.stringify((payload ?? Buffer.alloc(0)).subarray(0, 200).toString('latin1'));

async function main(): Promise<void> {
  const total = Number(arg('requests', '12000'));
  const seed = Number(arg('seed', '9'));
  const concurrency = Number(arg('concurrency', '8'));
  const maxSeconds = Number(arg('max-seconds', '600'));
  if (!(total >= 1 && concurrency >= 1 && maxSeconds > 0))
    throw new Error('bad --requests / --concurrency / --max-seconds');

  const dir = await mkdtemp(join(tmpdir(), 'her2-bench-fuzz-'));
  const modelsDir = join(dir, 'models');
  const errorLines: string[] = [];
  const service = await startServiceProcess(
    {
      HER2_MODELS_DIR: modelsDir,
      HER2_AUDIT_LOG: join(dir, 'audit.log'),
      HER2_API_KEYS: JSON.stringify(BENCH_API_KEYS),
      HER2_RATE_LIMIT_MAX: '100000000',
      // Accepted jobs wait for the single training child; a queue this long keeps training uploads from
      // ending 429 before their bodies are read (the full queue has its own tests).
      HER2_MAX_QUEUED_JOBS: '100000',
      HER2_LOG_LEVEL: 'info', // the service says it listens at info level
    },
    (line) => {
      if (/"level":(50|60)/.test(line)) errorLines.push(line);
    },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const registry = await DirectoryModelRegistry.open(modelsDir);
    const activeId = (await registry.getActive())!.id;
    const active = (await registry.get(activeId))!;
    const variants = [variant(active, 1), variant(active, 2)];
    const restoreVariants = async () => {
      for (const v of variants) await registry.put(v);
    };
    await restoreVariants();
    const jobIds: string[] = [];
    const ctx: FuzzContext = {
      template: patientTemplate(active),
      modelIds: [activeId, ...variants.map((v) => v.id)],
      jobIds,
    };
    const validPrediction = (): HostileRequest => ({
      method: 'POST',
      url: '/v1/predictions',
      headers: { authorization: `Bearer ${BENCH_KEYS.predict}`, 'content-type': 'application/json' },
      payload: Buffer.from(
        JSON.stringify({
          patients: [{ id: 'check', features: ctx.template.features, clinical: ctx.template.clinical }],
        }),
      ),
      label: 'valid prediction',
    });
    const before = await send(service.base, agent, validPrediction(), 30_000);
    console.log(
      `service pid ${service.child.pid} (node dist/server.js), ready with its default model ${activeId.slice(0, 12)}…; ` +
        `scratch registry ${modelsDir} with 2 variants; a valid prediction before: ${before.status}`,
    );
    console.log(
      `sending ${total} hostile requests (seed ${seed}, ${concurrency} at a time, at most ${maxSeconds} s) over ${ROUTES.length} routes and kinds of request\n`,
    );

    const rng = createRng(seed);
    const byRoute = new Map<string, Map<string, number>>();
    const byStatus = new Map<string, number>();
    const fivexx: string[] = [];
    const noResponse = new Map<string, number>();
    const noResponseSamples: string[] = [];
    const started = performance.now();
    let sent = 0;
    let timedOut = false;
    while (sent < total && !timedOut) {
      const roundEnd = Math.min(total, sent + ROUND);
      const worker = async () => {
        while (sent < roundEnd) {
          if ((performance.now() - started) / 1000 > maxSeconds) {
            timedOut = true;
            return;
          }
          const index = sent++;
          const { route, request } = hostileServiceRequest(rng, ctx);
          const o = await send(service.base, agent, request, 60_000);
          const key = o.status === null ? 'none' : String(o.status);
          byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
          const counts = byRoute.get(route) ?? new Map<string, number>();
          counts.set(key, (counts.get(key) ?? 0) + 1);
          byRoute.set(route, counts);
          if (o.status === null) {
            noResponse.set(o.error ?? '?', (noResponse.get(o.error ?? '?') ?? 0) + 1);
            noResponseSamples.push(
              `#${index} ${o.error} ${request.method} ${request.url.slice(0, 80)} [${request.label}]`,
            );
          }
          if (o.status !== null && o.status >= 500)
            fivexx.push(
              `#${index} ${o.status} ${request.method} ${request.url.slice(0, 120)} [${request.label}] body ${excerpt(request.payload)} -> ${o.body.slice(0, 200)}`,
            );
          if (o.status === 202) {
            const id = (JSON.parse(o.body) as { id?: string }).id;
            if (id) jobIds.push(id);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      await restoreVariants();
    }
    const seconds = (performance.now() - started) / 1000;

    const statuses = [...byStatus.keys()].sort();
    const width = Math.max(...ROUTES.map((r) => r.name.length));
    console.log(`status ('none': the connection closed without a response)`);
    console.log(`${'route'.padEnd(width)}  ${statuses.map((s) => s.padStart(6)).join('')}`);
    for (const r of ROUTES) {
      const counts = byRoute.get(r.name);
      console.log(
        `${r.name.padEnd(width)}  ${statuses.map((s) => String(counts?.get(s) ?? 0).padStart(6)).join('')}`,
      );
    }
    console.log(
      `${'all'.padEnd(width)}  ${statuses.map((s) => String(byStatus.get(s) ?? 0).padStart(6)).join('')}`,
    );
    const answered = sent - (byStatus.get('none') ?? 0);
    console.log(
      `\n${sent} requests in ${seconds.toFixed(1)} s; ${answered} answered; jobs accepted: ${jobIds.length}`,
    );
    console.log(`by status: ${statuses.map((s) => `${s}: ${byStatus.get(s)}`).join(', ')}`);
    if (noResponse.size > 0) {
      console.log(`closed without a response: ${[...noResponse].map(([e, n]) => `${e} ×${n}`).join(', ')}`);
      for (const line of noResponseSamples.slice(0, 8)) console.log(`  ${line}`);
    }
    console.log(`responses 5xx: ${fivexx.length}`);
    for (const line of fivexx.slice(0, 20)) console.log(`  ${line}`);
    console.log(`service error log lines: ${errorLines.length}`);
    for (const line of errorLines.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);

    const alive = service.child.exitCode === null && service.child.signalCode === null;
    const health = await send(
      service.base,
      agent,
      { method: 'GET', url: '/healthz', headers: {}, label: 'healthz' },
      30_000,
    );
    const after = await send(service.base, agent, validPrediction(), 30_000);
    const nowActive = (await registry.getActive())?.id;
    console.log(
      `\nafter: service process ${alive ? 'alive' : 'GONE'}; /healthz ${health.status}; a valid prediction ${after.status}; ` +
        `active model ${nowActive?.slice(0, 12)}… (${ctx.modelIds.includes(nowActive ?? '') ? 'one of the registered' : 'UNKNOWN'})`,
    );
    const pass =
      fivexx.length === 0 &&
      answered >= TARGET_REQUESTS &&
      alive &&
      health.status === 200 &&
      after.status === 200;
    if (answered < TARGET_REQUESTS)
      console.log(
        `fewer than ${TARGET_REQUESTS} requests answered${timedOut ? ` (stopped at --max-seconds ${maxSeconds})` : ''}`,
      );
    console.log(`${answered} hostile requests, ${fivexx.length} responses 5xx: ${pass ? 'PASS' : 'FAIL'}`);
    if (!pass) process.exitCode = 1;
  } finally {
    agent.destroy();
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
