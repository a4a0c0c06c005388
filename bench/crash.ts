/**
 * Crash benchmark (not a test): SIGKILL the real service at varied instants of a training job and check,
 * after every restart, that job records and registry agree (issue 9, fault 4).
 *
 *   npm run bench:crash [-- --kills 20]
 *
 * The service is the compiled one (dist/cli/bin.js serve, `npm run bench:crash` builds it first), run as
 * a child process on a temporary registry, with the production trainer (a SCHED_IDLE child process).
 * Each round submits a training job on the bundled SYNTHETIC demo cohort (a different seed each time,
 * so every model has its own id), kills the service with SIGKILL, either after a fraction of the
 * measured training time or the moment a registration step appears on disk (watched with fs.watch:
 * the write-ahead job record, the artifact's temporary file, the artifact, the active pointer's
 * temporary file, the new pointer, the final job record), and restarts it on the same directory.
 * Then, from the job records (HTTP) and the registry directory (files): every model a job registered
 * is linked to it, no job is left running, the recorded activations match the active pointer, and a
 * prediction is answered by the active model. The training child the kill orphaned must be gone within
 * 2 s (fault 5: its parent watchdog). One line per kill, then "N/N consistent".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, readFileSync, readdirSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobRegistryViolations } from '../test/helpers/jobRegistryInvariant.js';

const fromDist = async <M>(path: string): Promise<M> =>
  (await import(new URL(`../dist/${path}`, import.meta.url).href)) as M;
const { demoTrainingRequest } =
  await fromDist<typeof import('../src/serviceDependencies.js')>('serviceDependencies.js');
const { exampleRequestFor } =
  await fromDist<typeof import('../src/model/exampleRequest.js')>('model/exampleRequest.js');
const { parsePredictionCsv } =
  await fromDist<typeof import('../src/model/predictionInput.js')>('model/predictionInput.js');
type ModelArtifact = import('../src/model/artifact.js').ModelArtifact;

const KEY = 'bench-crash-key-0123456789abcdef';
const BIN = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
const TARGET = 20;

/** When to kill: after a fraction of the training time, or when a registration step shows on disk. */
type KillPlan =
  | { kind: 'time'; fraction: number; activate: boolean }
  | { kind: 'event'; event: DiskEvent; activate: boolean };
type DiskEvent =
  'write-ahead record' | 'artifact temp file' | 'artifact' | 'pointer temp file' | 'pointer' | 'final record';

interface JobView {
  id: string;
  state: string;
  stage: string;
  finishedAt?: string;
  model: { id: string } | null;
  activation: { requested: boolean; activated: boolean; reason: string };
}

await main();

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function plans(kills: number): KillPlan[] {
  const events: DiskEvent[] = [
    'write-ahead record',
    'artifact temp file',
    'artifact',
    'pointer temp file',
    'pointer',
  ];
  const out: KillPlan[] = [
    ...events.map((event): KillPlan => ({ kind: 'event', event, activate: true })),
    { kind: 'event', event: 'write-ahead record', activate: false },
    { kind: 'event', event: 'artifact', activate: false },
    { kind: 'event', event: 'final record', activate: true },
  ];
  const timed = Math.max(0, kills - out.length);
  // spread over the training phase, ending just past the measured duration
  for (let i = 0; i < timed; i++)
    out.push({
      kind: 'time',
      fraction: 0.03 + (i * (1.02 - 0.03)) / Math.max(1, timed - 1),
      activate: i % 3 !== 2,
    });
  // interleave so consecutive rounds differ
  return out
    .slice(0, kills)
    .map((p, i) => ({ p, k: (i * 7) % kills }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.p);
}

function describePlan(p: KillPlan, trainingMs: number): string {
  const act = p.activate ? 'activate' : 'no-activate';
  return p.kind === 'time'
    ? `${Math.round(p.fraction * trainingMs)} ms into training (${(p.fraction * 100).toFixed(0)}%), ${act}`
    : `at ${p.event}, ${act}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const kills = Number(arg('kills', String(TARGET)));
  if (!(Number.isInteger(kills) && kills >= 1)) throw new Error('--kills must be a positive integer');
  const dir = await mkdtemp(join(tmpdir(), 'her2-crash-'));
  const modelsDir = join(dir, 'models');
  await mkdir(join(modelsDir, 'jobs'), { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    HER2_PORT: String(port),
    HER2_HOST: '127.0.0.1',
    HER2_MODELS_DIR: modelsDir,
    HER2_AUDIT_LOG: join(dir, 'audit.log'),
    HER2_LOG_LEVEL: 'warn',
    HER2_API_KEYS: JSON.stringify([{ id: 'bench', key: KEY, roles: ['predict', 'train', 'admin'] }]),
  };
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const demo = demoTrainingRequest();
  // a real patient of the demo cohort's external site, for the "the active model is served" check
  const patientId = parsePredictionCsv(demo.cohortCsv, 'demo cohort').find((p) =>
    p.id.startsWith('inst2-'),
  )?.id;
  if (!patientId) throw new Error('the demo cohort has no external-site patient');
  let seed = 1000;

  const start = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) while starting`);
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const killed = (child: ChildProcess): Promise<void> =>
    new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
  const submit = async (activate: boolean): Promise<string> => {
    const res = await fetch(`${base}/v1/training-jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...demo, config: { seed: seed++ }, activate }),
    });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const jobs = async (): Promise<JobView[]> =>
    ((await (await fetch(`${base}/v1/training-jobs`, { headers })).json()) as { jobs: JobView[] }).jobs;
  const registryFiles = async (): Promise<{ models: string[]; activeId: string | null }> => {
    const names = await readdir(modelsDir);
    const models = names
      .filter((n) => n.endsWith('.json') && n !== 'active.json' && !n.includes('.tmp-'))
      .map((n) => n.slice(0, -5));
    const active = await readFile(join(modelsDir, 'active.json'), 'utf8').then(
      (t) => (JSON.parse(t) as { id: string }).id,
      () => null,
    );
    return { models, activeId: active };
  };
  const servedBy = async (activeId: string): Promise<string> => {
    const artifact = JSON.parse(await readFile(join(modelsDir, `${activeId}.json`), 'utf8')) as ModelArtifact;
    const patients = exampleRequestFor(artifact, demo.cohortCsv, [patientId]).patients;
    const res = await fetch(`${base}/v1/predictions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ patients }),
    });
    if (res.status !== 200) return `HTTP ${res.status}`;
    return ((await res.json()) as { model: { id: string } }).model.id;
  };

  // First start: the service trains its default model (not from a job), then one job measures training.
  let service = await start();
  const { activeId: bootstrapId } = await registryFiles();
  if (!bootstrapId) throw new Error('no bootstrap model');
  const t0 = performance.now();
  const warmId = await submit(false);
  for (;;) {
    const j = (await jobs()).find((x) => x.id === warmId);
    if (j && j.state !== 'queued' && j.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const trainingMs = performance.now() - t0;
  console.log(
    `bench:crash: compiled service, SIGKILL at ${kills} instants; one training job takes ~${Math.round(trainingMs)} ms here`,
  );

  let consistent = 0;
  const schedule = plans(kills);
  for (let k = 0; k < schedule.length; k++) {
    const plan = schedule[k];
    const before = new Set((await registryFiles()).models);
    const watchers: FSWatcher[] = [];
    let firedAt = '';
    let orphans: number[] = [];
    const kill = (why: string): void => {
      if (service.exitCode !== null || service.signalCode !== null || firedAt) return;
      orphans = childrenOf(service.pid as number);
      service.kill('SIGKILL');
      firedAt = why;
    };
    const submittedAt = performance.now();
    const jobId = await submit(plan.activate);
    let timer: NodeJS.Timeout | undefined;
    if (plan.kind === 'time') {
      timer = setTimeout(
        () => kill(`${Math.round(performance.now() - submittedAt)} ms`),
        plan.fraction * trainingMs,
      );
    } else {
      const onEvent = (name: string | null, inJobs: boolean): void => {
        if (!name || !matches(plan.event, name, inJobs, jobId, before, modelsDir)) return;
        kill(`${Math.round(performance.now() - submittedAt)} ms, ${name.slice(0, 24)}…`);
      };
      watchers.push(watch(modelsDir, (_e, name) => onEvent(name, false)));
      watchers.push(watch(join(modelsDir, 'jobs'), (_e, name) => onEvent(name, true)));
    }
    // if the event never comes (e.g. no activation because the gate failed), kill when the job is done
    const fallback = setInterval(() => {
      void jobs()
        .then((js) => {
          const j = js.find((x) => x.id === jobId);
          if (j && j.state !== 'running' && j.state !== 'queued') kill('job already finished');
        })
        .catch(() => undefined);
    }, 200);
    await killed(service);
    clearInterval(fallback);
    clearTimeout(timer);
    for (const w of watchers) w.close();
    const orphanNote = await orphansGone(orphans);
    const onDisk = await recordOnDisk(modelsDir, jobId);

    service = await start();
    const all = await jobs();
    const reg = await registryFiles();
    const violations = jobRegistryViolations(
      all.map((j) => ({
        id: j.id,
        state: j.state,
        modelId: j.model?.id ?? null,
        activated: j.activation.activated,
        finishedAt: j.finishedAt,
      })),
      { ...reg, notFromJobs: [bootstrapId], initialActiveId: bootstrapId },
    );
    const served = reg.activeId ? await servedBy(reg.activeId) : 'nothing';
    if (served !== reg.activeId)
      violations.push(`the active model is ${reg.activeId}, but ${served} answered`);
    const job = all.find((j) => j.id === jobId);
    const short = (id: string | null | undefined): string => (id ? id.slice(0, 8) : 'null');
    const outcome = job
      ? `record at the kill: ${onDisk}; after restart: job ${job.state}${job.model ? `, model ${short(job.model.id)}, activated ${job.activation.activated}` : ''}`
      : 'job not found';
    if (orphanNote.startsWith('ALIVE'))
      violations.push(`a training child outlived the service: ${orphanNote}`);
    const ok = violations.length === 0;
    if (ok) consistent++;
    console.log(
      `#${String(k + 1).padStart(2)} kill ${describePlan(plan, trainingMs)} [fired ${firedAt}] → ${outcome}; active ${short(reg.activeId)}, served ${short(served)}; ${orphanNote}: ${ok ? 'consistent' : `INCONSISTENT: ${violations.join('; ')}`}`,
    );
  }
  service.kill('SIGTERM');
  await killed(service);
  await rm(dir, { recursive: true, force: true });
  console.log(`${consistent}/${schedule.length} consistent (target ${TARGET}/${TARGET})`);
  if (consistent !== schedule.length || schedule.length < TARGET) process.exitCode = 1;
}

/** Does a file-system event in the registry (or its jobs/ directory) show `event` for this round? */
function matches(
  event: DiskEvent,
  name: string,
  inJobs: boolean,
  jobId: string,
  before: Set<string>,
  modelsDir: string,
): boolean {
  const jobFile = `${jobId}.json`;
  if (inJobs) {
    if (name !== jobFile) return false;
    if (event !== 'write-ahead record' && event !== 'final record') return false;
    let text: string;
    try {
      text = readFileSync(join(modelsDir, 'jobs', jobFile), 'utf8');
    } catch {
      return false;
    }
    return event === 'write-ahead record' ? text.includes('"registration"') : text.includes('"succeeded"');
  }
  const isArtifact = (n: string): boolean => !n.startsWith('active.json') && !before.has(n.split('.json')[0]);
  switch (event) {
    case 'artifact temp file':
      return name.includes('.tmp-') && isArtifact(name);
    case 'artifact':
      return name.endsWith('.json') && !name.includes('.tmp-') && isArtifact(name);
    case 'pointer temp file':
      return name.startsWith('active.json.tmp-');
    case 'pointer':
      return name === 'active.json';
    default:
      return false;
  }
}

/** The job record as the kill left it: its state, and whether the write-ahead registration note is set. */
async function recordOnDisk(modelsDir: string, jobId: string): Promise<string> {
  const text = await readFile(join(modelsDir, 'jobs', `${jobId}.json`), 'utf8').catch(() => null);
  if (text === null) return 'none';
  const r = JSON.parse(text) as { state: string; registration?: unknown };
  return r.registration ? `${r.state} + registration note` : r.state;
}

/** Pids whose parent is `pid` (Linux /proc): the service's training child, if one is running. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function running(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits up to 2 s for the orphaned children to end; says how it went. */
async function orphansGone(pids: number[]): Promise<string> {
  if (pids.length === 0) return 'no training child';
  const t0 = performance.now();
  while (pids.some(running) && performance.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 20));
  const alive = pids.filter(running);
  if (alive.length === 0)
    return `training child gone ${Math.round(performance.now() - t0)} ms after the kill`;
  for (const pid of alive) process.kill(pid, 'SIGKILL'); // do not leave it burning CPU for the next rounds
  return `ALIVE 2 s after the kill (pid ${alive.join(', ')})`;
}
