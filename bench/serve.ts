/**
 * Service benchmark (not a test): autocannon against servers on loopback, printing throughput and
 * p50/p99 beside the targets.
 *
 *   npx tsx bench/serve.ts [--duration 10] [--connections 10] [--real] [--cohort path.csv]
 *
 * 1. a bare Fastify JSON route (the ceiling, same run, same body)
 * 2. single-patient prediction through the full service (auth, rate limit, helmet, metrics, logs, audit)
 * 3. 1,000-patient batches
 * 4. single-patient prediction while a training job runs
 *
 * The service is started with src/server.ts's startServer, i.e. the production wiring. By default the
 * dependencies are the test doubles (fake model; a fake trainer that keeps one core busy in a worker
 * thread, like real training); --real uses src/serviceDependencies.ts (the real model and trainer).
 */
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import Fastify from 'fastify';
import { createServiceLogger } from '../src/app.js';
import { resolveConfig } from '../src/config.js';
import { createWorkerTrainer } from '../src/jobs/workerTrainer.js';
import { serveTrainingInWorker } from '../src/jobs/workerProtocol.js';
import { DirectoryModelRegistry } from '../src/registry/directoryRegistry.js';
import { type ServiceDependencies, createServiceDependencies } from '../src/serviceDependencies.js';
import { startServer } from '../src/server.js';
import { makeFakeArtifact } from '../test/helpers/fakeArtifact.js';
import { fakeModelLoader, fakeRenderReport } from '../test/helpers/fakeModel.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

if (!isMainThread) {
  // Bench training worker: keeps a core busy for the requested time, then returns a fake artifact.
  serveTrainingInWorker((request, onProgress) => {
    const seconds = Number(request.config.busySeconds ?? 15);
    const end = Date.now() + seconds * 1000;
    let x = 0;
    let lastReport = 0;
    while (Date.now() < end) {
      for (let i = 0; i < 1e6; i++) x += Math.sqrt(i);
      const pct = Math.floor((100 * (seconds * 1000 - (end - Date.now()))) / (seconds * 1000));
      if (pct !== lastReport) onProgress({ stage: 'busy', percent: (lastReport = pct) });
    }
    return makeFakeArtifact({ label: `bench-${x}` });
  });
} else {
  await main();
}

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const duration = Number(arg('duration', '10'));
  const connections = Number(arg('connections', '10'));
  const real = process.argv.includes('--real');
  const dir = await mkdtemp(join(tmpdir(), 'her2-bench-'));
  const KEY = 'bench-key-0123456789abcdef';
  const config = resolveConfig({
    port: 0,
    modelsDir: real ? (arg('models') ?? 'models') : join(dir, 'models'),
    auditLog: join(dir, 'audit.log'),
    apiKeys: [{ id: 'bench', key: KEY, roles: ['predict', 'train', 'admin'] }],
    host: '127.0.0.1',
    rateLimit: { max: 100_000_000, timeWindowMs: 60_000 },
  });

  let deps: ServiceDependencies;
  if (real) {
    deps = await createServiceDependencies(config);
  } else {
    const registry = await DirectoryModelRegistry.open(config.modelsDir);
    const artifact = makeFakeArtifact({
      label: 'bench',
      features: Array.from({ length: 20 }, (_, i) => `feature_${i}`),
    });
    await registry.put(artifact);
    await registry.setActive(artifact.id);
    deps = {
      modelLoader: fakeModelLoader,
      renderReport: fakeRenderReport,
      trainer: createWorkerTrainer({ workerUrl: new URL(import.meta.url) }),
    };
  }
  // The service logs at info level to a file, as in production (stdout would measure the terminal).
  const logger = createServiceLogger(config, join(dir, 'service.log'));
  const { app, url } = await startServer(config, deps, { logger });
  if (real) await app.her2.bootstrapped;
  const model = app.her2.models.active;
  if (!model) throw new Error('no active model');

  const featureNames = model.requiredFeatures;
  const patient = (i: number) => ({
    id: `bench-${i}`,
    features: Object.fromEntries(featureNames.map((f, j) => [f, ((i * 31 + j * 7) % 100) / 50 - 1])),
    clinical: Object.fromEntries(
      model.requiredClinical.map((c) => [c, c === 'er' || c === 'pr' ? 'positive' : 50]),
    ),
  });
  const single = JSON.stringify({ patients: [patient(1)] });
  const batch = JSON.stringify({ patients: Array.from({ length: 1000 }, (_, i) => patient(i)) });

  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true, id: 'x', status: 'low' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
  const run = async (title: string, u: string, body: string, conns: number): Promise<AutocannonResult> => {
    // the load generator runs in its own worker thread, not on the server's event loop
    const r = await autocannon({
      url: u,
      method: 'POST',
      headers,
      body,
      connections: conns,
      duration,
      workers: 1,
    });
    if (r.non2xx || r.errors || r.timeouts)
      console.warn(`  ${title}: non2xx=${r.non2xx} errors=${r.errors} timeouts=${r.timeouts}`);
    return r;
  };

  console.log(
    `model ${model.id.slice(0, 12)}… (${real ? 'real' : 'FAKE test-double'} model, ${featureNames.length} features), ${connections} connections, ${duration}s per run\n`,
  );
  // warm-up
  await autocannon({
    url: `${url}/v1/predictions`,
    method: 'POST',
    headers,
    body: single,
    connections,
    duration: 2,
  });

  const rBare = await run('bare', `${bareUrl}/bare`, single, connections);
  const rSingle = await run('single', `${url}/v1/predictions`, single, connections);
  const rBatch = await run('batch', `${url}/v1/predictions`, batch, 1);

  const job = await fetch(`${url}/v1/training-jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      cohortCsv: real ? await readFile(arg('cohort') ?? 'data/demo-cohort.csv', 'utf8') : 'bench\n',
      config: real ? {} : { busySeconds: duration + 10 },
    }),
  });
  const jobId = ((await job.json()) as { id: string }).id;
  for (let i = 0; i < 100 && app.her2.jobs.get(jobId)?.state !== 'running'; i++)
    await new Promise((r) => setTimeout(r, 50));
  const rTraining = await run('while training', `${url}/v1/predictions`, single, connections);
  const jobState = app.her2.jobs.get(jobId)?.state;

  const fmt = (r: AutocannonResult) =>
    `${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50.toFixed(1).padStart(6)} ms   p99 ${r.latency.p99.toFixed(1).padStart(6)} ms`;
  const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(`bare Fastify JSON route       ${fmt(rBare)}`);
  console.log(`single-patient prediction     ${fmt(rSingle)}`);
  console.log(`1,000-patient batch (1 conn)  ${fmt(rBatch)}   mean ${rBatch.latency.average.toFixed(1)} ms`);
  console.log(`single-patient while training ${fmt(rTraining)}   (job ${jobState} during the run)`);
  console.log('\ntargets');
  const ratio = rSingle.requests.average / rBare.requests.average;
  console.log(
    `  single-patient throughput >= 60% of bare:  ${(ratio * 100).toFixed(0)}%  ${check(ratio >= 0.6)}`,
  );
  console.log(
    `  single-patient p99 < 10 ms at ${connections} conns:   ${rSingle.latency.p99.toFixed(1)} ms  ${check(rSingle.latency.p99 < 10)}`,
  );
  console.log(
    `  1,000-patient batch < 50 ms (p50):        ${rBatch.latency.p50.toFixed(1)} ms  ${check(rBatch.latency.p50 < 50)}`,
  );
  const tr = rTraining.latency.p99 / Math.max(rSingle.latency.p99, 1e-9);
  console.log(
    `  p99 while training <= 2x idle p99:        ${tr.toFixed(2)}x  ${check(tr <= 2 && jobState === 'running')}`,
  );

  await app.close();
  await bare.close();
  await rm(dir, { recursive: true, force: true });
}
