/**
 * A Trainer that runs each training request in its own Node child process at the lowest CPU priority
 * the platform offers, so predictions keep their latency while a model trains.
 *
 * On Linux the child is started as `chrt --idle 0 <node> <entry>`: SCHED_IDLE for the whole process,
 * V8's GC and compiler threads included, which a nice-19 worker *thread* cannot give (those helper
 * threads are shared with the service's event loop and run at the service's priority). Where chrt is
 * missing or refuses, and off Linux, the child is spawned plainly and set to nice 19 (the parent sets
 * the process, the child entry lowers each of its threads).
 *
 * The request and the artifact travel over the IPC channel with 'advanced' (structured clone)
 * serialization, in the worker protocol's message shapes (src/jobs/workerProtocol.ts); the child entry
 * must call serveTrainingInProcess (src/jobs/processProtocol.ts). Aborting sends SIGTERM, then SIGKILL
 * after a grace period, and rejects once the child is gone; children still running when the parent
 * exits are killed, and a child whose parent is killed outright ends itself (src/jobs/parentWatchdog.ts).
 * Where util-linux setpriv is present the child is also started through `setpriv --pdeathsig KILL`, so
 * the kernel kills it with its parent even before its watchdog thread runs (a SCHED_IDLE child on a
 * saturated machine can take seconds to get that far).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModelArtifact } from '../model/artifact.js';
import { TRAINING_NICE } from './threadPriority.js';
import type { Trainer, TrainingProgress, TrainingRequest } from './types.js';
import type { FromWorker, ToWorker } from './workerProtocol.js';

export const DEFAULT_CHRT_PATH = '/usr/bin/chrt';
export const DEFAULT_SETPRIV_PATH = '/usr/bin/setpriv';

/** How a training child was started: SCHED_IDLE through chrt, or a plain process lowered to nice 19. */
export type TrainingScheduling = 'sched-idle' | 'nice';

export interface ProcessTrainerOptions {
  /**
   * The child entry, e.g. new URL('./trainingProcess.js', import.meta.url): the compiled .js in
   * production; from source, the .ts beside it is run with `--import tsx`.
   */
  entry: URL;
  /** util-linux chrt, used on Linux to start the child under SCHED_IDLE. null: never use chrt. */
  chrtPath?: string | null;
  /** util-linux setpriv, used on Linux to have the kernel kill the child with its parent. null: never. */
  setprivPath?: string | null;
  /** Time between SIGTERM and SIGKILL when a run is aborted (default 2000 ms). */
  killGraceMs?: number;
  /** Called when a child started (tests and diagnostics: the pid and how it is scheduled). */
  onSpawn?: (child: { pid: number; scheduling: TrainingScheduling }) => void;
}

/** Node arguments that run `entry`: the file itself, or from source its .ts through tsx's loader. */
export function processEntryArgs(requested: URL): string[] {
  let url = requested;
  // Running from source (tsx): './x.js' names a file that only exists as './x.ts'.
  if (url.protocol === 'file:' && url.pathname.endsWith('.js') && !existsSync(fileURLToPath(url))) {
    const ts = new URL(url.href.replace(/\.js$/, '.ts'));
    if (existsSync(fileURLToPath(ts))) url = ts;
  }
  const file = fileURLToPath(url);
  if (!url.pathname.endsWith('.ts')) return [file];
  // Development / tests: tsx's loader (its package entry registers the ESM and CommonJS hooks).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, file];
}

/** Resolves true when `chrt --idle 0` works here (Linux, chrt present, the policy change allowed). */
export function schedIdleAvailable(chrtPath: string | null = DEFAULT_CHRT_PATH): Promise<boolean> {
  if (process.platform !== 'linux' || chrtPath === null || !existsSync(chrtPath))
    return Promise.resolve(false);
  // chrt sets the policy, then execs itself: a tiny program, so the probe is quick even at idle priority.
  return new Promise((resolve) => {
    execFile(chrtPath, ['--idle', '0', chrtPath, '--version'], { timeout: 10_000 }, (error) =>
      resolve(!error),
    );
  });
}

/** Resolves true when `setpriv --pdeathsig KILL` works here (Linux, util-linux setpriv present). */
export function parentDeathSignalAvailable(
  setprivPath: string | null = DEFAULT_SETPRIV_PATH,
): Promise<boolean> {
  if (process.platform !== 'linux' || setprivPath === null || !existsSync(setprivPath))
    return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile(setprivPath, ['--pdeathsig', 'KILL', setprivPath, '--version'], { timeout: 10_000 }, (error) =>
      resolve(!error),
    );
  });
}

// Children still running: killed when the parent process exits, so none outlives the service.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

const STDERR_TAIL_BYTES = 4096;

export function createProcessTrainer(options: ProcessTrainerOptions): Trainer {
  const killGraceMs = options.killGraceMs ?? 2000;
  let schedIdle: Promise<boolean> | undefined;
  let pdeathsig: Promise<boolean> | undefined;

  const start = async (): Promise<{ child: ChildProcess; scheduling: TrainingScheduling }> => {
    schedIdle ??= schedIdleAvailable(options.chrtPath === undefined ? DEFAULT_CHRT_PATH : options.chrtPath);
    pdeathsig ??= parentDeathSignalAvailable(
      options.setprivPath === undefined ? DEFAULT_SETPRIV_PATH : options.setprivPath,
    );
    const idle = await schedIdle;
    const setpriv = (await pdeathsig)
      ? [options.setprivPath ?? DEFAULT_SETPRIV_PATH, '--pdeathsig', 'KILL']
      : [];
    // the entry's first argument: this pid, for the child's parent watchdog (src/jobs/parentWatchdog.ts)
    const nodeArgs = [...processEntryArgs(options.entry), String(process.pid)];
    // setpriv and chrt each set their attribute and exec the next: one process, the node child's pid
    const [command, ...args] = [
      ...setpriv,
      ...(idle ? [options.chrtPath ?? DEFAULT_CHRT_PATH, '--idle', '0'] : []),
      process.execPath,
      ...nodeArgs,
    ];
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
      windowsHide: true,
    });
    if (!idle && child.pid !== undefined) {
      try {
        setPriority(child.pid, TRAINING_NICE);
      } catch {
        // not allowed here: the child entry still lowers its own threads
      }
    }
    return { child, scheduling: idle ? 'sched-idle' : 'nice' };
  };

  return {
    async run(
      request: TrainingRequest,
      onProgress: (p: TrainingProgress) => void,
      signal: AbortSignal,
    ): Promise<ModelArtifact> {
      if (signal.aborted) throw new Error('training was aborted');
      const { child, scheduling } = await start();
      if (child.pid !== undefined) {
        track(child);
        options.onSpawn?.({ pid: child.pid, scheduling });
      }

      return new Promise<ModelArtifact>((resolve, reject) => {
        let settled = false;
        let aborting = false;
        let killTimer: NodeJS.Timeout | undefined;
        let stderrTail = '';

        const terminate = (): void => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          killTimer ??= setTimeout(() => child.kill('SIGKILL'), killGraceMs);
          killTimer.unref();
        };
        const settle = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          fn();
        };
        // Rejects when the child is gone (SIGTERM ends a Node process at once; SIGKILL after the grace).
        const onAbort = (): void => {
          aborting = true;
          terminate();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        if (signal.aborted) onAbort();

        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
          process.stderr.write(chunk);
          stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
        });
        child.on('message', (m: FromWorker) => {
          if (aborting) return;
          if (m.type === 'progress') onProgress({ stage: m.stage, percent: m.percent });
          else if (m.type === 'result') settle(() => resolve(m.artifact));
          else if (m.type === 'error') settle(() => reject(new Error(m.message)));
          if (m.type !== 'progress') terminate(); // done: the child would exit by itself, make sure
        });
        child.on('error', (e) => {
          // spawn failed (no process), or a signal could not be delivered
          if (child.pid === undefined)
            settle(() => reject(new Error(`could not start the training process: ${e.message}`)));
        });
        // 'close': the process exited and its stderr and IPC channel are drained, so no result is pending.
        child.on('close', (code, sig) => {
          live.delete(child);
          if (killTimer) clearTimeout(killTimer);
          if (aborting) return settle(() => reject(new Error('training was aborted')));
          const lastLine = stderrTail.trim().split('\n').filter(Boolean).pop();
          const how = sig ? `signal ${sig}` : `exit code ${code}`;
          settle(() =>
            reject(
              new Error(
                code === 0
                  ? 'training process exited (code 0) without a result'
                  : `training process crashed (${how})${lastLine ? `: ${lastLine}` : ''}`,
              ),
            ),
          );
        });
        child.send({ type: 'run', request } satisfies ToWorker, (e) => {
          // a child that died before reading the request is reported by 'close'
          if (e && !settled) terminate();
        });
      });
    },
  };
}
