/**
 * Replica benchmark (not a test; run by `npm run bench:replicas`, and at the end of `npm run
 * bench:serve`): two service processes on one embedded PostgreSQL registry.
 *
 *   npm run bench:replicas [-- --duration 5] [--rounds 3] [--connections 10] [--switches 10]
 *
 * 1. single-patient prediction throughput: one replica, then both replicas with the connections
 *    split between them (round-robin), in alternating rounds; medians over rounds
 * 2. activation-to-served latency: a model activated through replica 1, timed until replica 2's
 *    predictions name it (LISTEN/NOTIFY; the fallback poll is set to a minute so it cannot help)
 *
 * Each replica is `node dist/server.js` (production wiring) in its own process, so on a machine with
 * N cores two replicas can use two of them; the load generator (autocannon, one worker thread per
 * replica) and PostgreSQL share the same cores.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres } from '../test/support/embeddedPostgres.js';
import { type ServiceProcess, startServiceProcess } from './serviceProcess.js';

const fromDist = async <M>(path: string): Promise<M> =>
  (await import(new URL(`../dist/${path}`, import.meta.url).href)) as M;
const { createPool } = await fromDist<typeof import('../src/db/pool.js')>('db/pool.js');
const { PostgresModelRegistry } = await fromDist<typeof import('../src/registry/postgresRegistry.js')>(
  'registry/postgresRegistry.js',
);
const { computeArtifactId } =
  await fromDist<typeof import('../src/model/artifactId.js')>('model/artifactId.js');
const { exampleRequestFor } =
  await fromDist<typeof import('../src/model/exampleRequest.js')>('model/exampleRequest.js');
const { demoTrainingRequest } =
  await fromDist<typeof import('../src/serviceDependencies.js')>('serviceDependencies.js');

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = Number(i >= 0 ? process.argv[i + 1] : fallback);
  if (!(v >= 1)) throw new Error(`--${name} must be at least 1`);
  return v;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const KEY = 'bench-key-0123456789abcdef';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

await main();

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const duration = arg('duration', '5');
  const rounds = arg('rounds', '3');
  const connections = arg('connections', '10');
  const switches = arg('switches', '10');
  const dir = await mkdtemp(join(tmpdir(), 'her2-bench-replicas-'));
  const postgres = await startTestPostgres();
  const replicas: ServiceProcess[] = [];
  try {
    const url = await postgres.freshDatabase('bench');
    const env = (name: string): Record<string, string> => ({
      HER2_DATABASE_URL: url,
      HER2_REGISTRY_POLL_MS: '60000',
      HER2_MODELS_DIR: join(dir, name),
      HER2_AUDIT_LOG: join(dir, `${name}-audit.log`),
      HER2_API_KEYS: JSON.stringify([{ id: 'bench', key: KEY, roles: ['predict', 'train', 'admin'] }]),
      HER2_RATE_LIMIT_MAX: '100000000',
    });
    // The first trains the default model into the empty registry; the second finds it active.
    replicas.push(await startServiceProcess(env('one')));
    replicas.push(await startServiceProcess(env('two')));
    const [one, two] = replicas;

    const pool = createPool(url);
    const registry = new PostgresModelRegistry(pool);
    const active = (await registry.getActive())!;
    const artifact = (await registry.get(active.id))!;
    // A second version to switch to: the same model under another provenance, so another id.
    const variantBody = { ...artifact, provenance: { ...artifact.provenance, config: { benchVariant: 1 } } };
    const variant = { ...variantBody, id: computeArtifactId(variantBody) };
    await registry.put(variant);
    await pool.end();

    const training = demoTrainingRequest();
    const patient = exampleRequestFor(artifact, training.cohortCsv, ['inst2-001']).patients[0];
    const single = JSON.stringify({ patients: [patient] });
    const load = (base: string, conns: number, seconds = duration) =>
      autocannon({
        url: `${base}/v1/predictions`,
        method: 'POST',
        headers,
        body: single,
        connections: conns,
        duration: seconds,
        workers: 1,
      }).then((r) => {
        if (r.non2xx || r.errors || r.timeouts)
          console.warn(`  non2xx=${r.non2xx} errors=${r.errors} timeouts=${r.timeouts}`);
        return r;
      });

    console.log(
      `${availableParallelism()} cores; ${connections} connections, ${duration}s per run, ${rounds} rounds; model ${active.id.slice(0, 12)}…\n`,
    );
    await Promise.all([load(one.base, connections, 2), load(two.base, connections, 2)]); // warm-up (JIT)
    const ratios: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const alone = (await load(one.base, connections)).requests.average;
      const half = Math.max(1, connections >> 1);
      const pair = await Promise.all([load(one.base, half), load(two.base, connections - half)]);
      const both = pair[0].requests.average + pair[1].requests.average;
      ratios.push(both / alone);
      console.log(
        `round ${k + 1}  one replica ${alone.toFixed(0).padStart(6)} req/s  |  two replicas ${both.toFixed(0).padStart(6)} req/s  |  ${ratios[k].toFixed(2)}x`,
      );
    }
    console.log(`median: two replicas ${median(ratios).toFixed(2)}x one (target >= 1.6x with the cores)\n`);

    const servedBy = async (base: string): Promise<string> => {
      const r = await fetch(`${base}/v1/predictions`, { method: 'POST', headers, body: single });
      return ((await r.json()) as { model: { id: string } }).model.id;
    };
    const latencies: number[] = [];
    for (let k = 0; k < switches; k++) {
      const target = k % 2 === 0 ? variant.id : artifact.id;
      const t0 = performance.now();
      const res = await fetch(`${one.base}/v1/models/${target}/activate`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
      });
      if (res.status !== 200) throw new Error(`activation answered ${res.status}`);
      while ((await servedBy(two.base)) !== target) {
        if (performance.now() - t0 > 10_000) throw new Error('replica 2 did not follow within 10 s');
      }
      latencies.push(performance.now() - t0);
    }
    console.log(
      `activation on replica 1 → served by replica 2 (${switches} switches): median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (target < 1000 ms)`,
    );
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await postgres.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
