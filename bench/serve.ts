/**
 * Service benchmark (not a test): autocannon against servers on loopback, printing throughput and
 * p50/p99 beside the targets.
 *
 *   npm run bench:serve [-- --duration 10] [--connections 10] [--trainer process|worker]
 *
 * 1. a bare Fastify JSON route (the ceiling, same run, same body)
 * 2. single-patient prediction through the full service (auth, rate limit, helmet, metrics, logs, audit)
 * 3. 1,000-patient batches
 * 4. single-patient prediction while a training job runs
 *
 * The service is started with src/server.ts's startServer and src/serviceDependencies.ts, i.e. the
 * production wiring: the real default model (trained on the SYNTHETIC demo cohort at first start, in a
 * fresh temporary registry) and the production trainer (--trainer picks the other one to compare).
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createServiceLogger } from '../src/app.js';
import { resolveConfig } from '../src/config.js';
import {
  DEFAULT_TRAINER,
  TRAINER_KINDS,
  createServiceDependencies,
  demoTrainingRequest,
  type TrainerKind,
} from '../src/serviceDependencies.js';
import { startServer } from '../src/server.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

await main();

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const duration = Number(arg('duration', '10'));
  const connections = Number(arg('connections', '10'));
  const trainerKind = arg('trainer', DEFAULT_TRAINER) as TrainerKind;
  if (!TRAINER_KINDS.includes(trainerKind))
    throw new Error(`--trainer must be one of ${TRAINER_KINDS.join(', ')}`);
  const dir = await mkdtemp(join(tmpdir(), 'her2-bench-'));
  const KEY = 'bench-key-0123456789abcdef';
  const config = resolveConfig({
    port: 0,
    modelsDir: join(dir, 'models'),
    auditLog: join(dir, 'audit.log'),
    apiKeys: [{ id: 'bench', key: KEY, roles: ['predict', 'train', 'admin'] }],
    host: '127.0.0.1',
    rateLimit: { max: 100_000_000, timeWindowMs: 60_000 },
  });

  const deps = await createServiceDependencies(config, { trainer: trainerKind });
  // The service logs at info level to a file, as in production (stdout would measure the terminal).
  const logger = createServiceLogger(config, join(dir, 'service.log'));
  const { app, url } = await startServer(config, deps, { logger });
  await app.her2.bootstrapped;
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
    `model ${model.id.slice(0, 12)}… (default model, trained on the SYNTHETIC demo cohort; ${featureNames.length} features), ${connections} connections, ${duration}s per run\n` +
      `trainer: ${deps.trainerDescription}; ${trainerKind === DEFAULT_TRAINER ? 'the production default' : `chosen with --trainer, production uses ${DEFAULT_TRAINER}`}\n`,
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

  // Training keeps running through the measurement: queue several real jobs (one runs at a time).
  const training = demoTrainingRequest();
  let jobId = '';
  for (let seed = 1; seed <= Math.ceil(duration / 2) + 2; seed++) {
    const job = await fetch(`${url}/v1/training-jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ cohortCsv: training.cohortCsv, config: { seed } }),
    });
    jobId ||= ((await job.json()) as { id: string }).id;
  }
  for (let i = 0; i < 200 && app.her2.jobs.get(jobId)?.state !== 'running'; i++)
    await new Promise((r) => setTimeout(r, 50));
  const runningBefore = app.her2.jobs
    .list()
    .filter((j) => j.state === 'running' || j.state === 'queued').length;
  const finished = () =>
    app.her2.jobs.list().filter((j) => j.state === 'succeeded' || j.state === 'failed').length;
  const finishedBefore = finished();
  const rTraining = await run('while training', `${url}/v1/predictions`, single, connections);
  const stillBusy = app.her2.jobs.list().some((j) => j.state === 'running');
  const finishedDuring = finished() - finishedBefore;
  const jobState = `${runningBefore} jobs queued or running at the start, ${finishedDuring} finished during the run, ${stillBusy ? 'one still running' : 'none running'} at the end`;

  const fmt = (r: AutocannonResult) =>
    `${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50.toFixed(1).padStart(6)} ms   p99 ${r.latency.p99.toFixed(1).padStart(6)} ms`;
  const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(`bare Fastify JSON route       ${fmt(rBare)}`);
  console.log(`single-patient prediction     ${fmt(rSingle)}`);
  console.log(`1,000-patient batch (1 conn)  ${fmt(rBatch)}   mean ${rBatch.latency.average.toFixed(1)} ms`);
  console.log(`single-patient while training ${fmt(rTraining)}   (${jobState})`);
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
    `  p99 while training <= 2x idle p99:        ${tr.toFixed(2)}x  ${check(tr <= 2 && stillBusy)}`,
  );

  await app.close();
  await bare.close();
  await rm(dir, { recursive: true, force: true });
}
