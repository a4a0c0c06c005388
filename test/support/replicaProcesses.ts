/**
 * Starts replicas as separate processes (test/support/jobReplicaProcess.ts) on one PostgreSQL database
 * and follows what they say on stdout. Every process is killed when the test file ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { processEntryArgs } from '../../src/jobs/processTrainer.js';

export interface ReplicaLine {
  event: string;
  url?: string | null;
  cohortName?: string | null;
}

export interface ReplicaProcess {
  child: ChildProcess;
  /** HTTP base URL (null for a worker). */
  url: string | null;
  lines: ReplicaLine[];
  /** Resolves with the first line (already said or to come) that matches. */
  said(match: (l: ReplicaLine) => boolean): Promise<ReplicaLine>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

const ENTRY = new URL('./jobReplicaProcess.ts', import.meta.url);
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export async function spawnReplica(
  role: 'serve' | 'serve --no-worker' | 'worker',
  env: Record<string, string>,
): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, [...processEntryArgs(ENTRY), ...role.split(' ')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HER2_HOST: '127.0.0.1',
      HER2_PORT: '0',
      ...env,
    },
  });
  started.push(child);
  const lines: ReplicaLine[] = [];
  const waiters: { match: (l: ReplicaLine) => boolean; resolve: (l: ReplicaLine) => void }[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: ReplicaLine;
      try {
        line = JSON.parse(text) as ReplicaLine;
      } catch {
        continue; // not one of ours
      }
      lines.push(line);
      for (const w of waiters.filter((x) => x.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const said = (match: (l: ReplicaLine) => boolean): Promise<ReplicaLine> => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ match, resolve });
      child.once('exit', (code, signal) => reject(new Error(`replica ${role} exited (${code ?? signal})`)));
    });
  };
  const ready = await said((l) => l.event === 'ready');
  return {
    child,
    url: ready.url ?? null,
    lines,
    said,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Poll `read` until `done` holds (every 100 ms); fails after `limitMs` naming what was awaited. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  limitMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached within ${limitMs} ms; last seen ${JSON.stringify(last)}`);
}

/** A training job as the API shows it (the fields these tests read). */
export interface JobView {
  id: string;
  state: string;
  stage: string;
  percent: number;
  error?: string;
  cancelRequested?: boolean;
  model: { id: string } | null;
}

/** Submit (JSON) and read training jobs on the replica at `url` (no API keys: the open local service). */
export function jobClient(url: string) {
  return {
    async submit(cohortCsv: string, cohortName: string, config: Record<string, unknown>): Promise<JobView> {
      const res = await fetch(`${url}/v1/training-jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cohortCsv, cohortName, config }),
      });
      if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as JobView;
    },
    read: async (id: string): Promise<JobView> =>
      (await (await fetch(`${url}/v1/training-jobs/${id}`)).json()) as JobView,
  };
}
