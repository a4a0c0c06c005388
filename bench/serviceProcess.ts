/**
 * The service as production runs it, in its own process: `node dist/server.js` (compiled; the bench
 * scripts build it first), on loopback, configured through the environment. Resolves once it listens
 * and /readyz answers 200 (the default model trained and loaded on a fresh registry: 5-10 s).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServiceProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * `onLogLine` sees every line of the service log (pino JSON on stdout). `nodeArgs`: what node runs
 * (default dist/server.js; tests run a TypeScript entry through tsx).
 */
export async function startServiceProcess(
  env: Record<string, string>,
  onLogLine: (line: string) => void = () => {},
  nodeArgs: string[] = [fileURLToPath(new URL('../dist/server.js', import.meta.url))],
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, HER2_PORT: '0', HER2_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  let onListening: (address: string) => void = () => {};
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      onLogLine(line);
      if (line.includes('HER2 service listening'))
        onListening((JSON.parse(line) as { address: string }).address);
    }
  });
  const base = await new Promise<string>((resolve, reject) => {
    onListening = resolve;
    child.once('exit', (code) => reject(new Error(`the service exited (code ${code}) before listening`)));
    setTimeout(() => reject(new Error('the service did not say it listens within a minute')), 60_000).unref();
  }).catch((e: unknown) => {
    child.kill('SIGTERM');
    throw e;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (let i = 0; i < 1200; i++) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, base, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('the service did not become ready within 5 minutes');
}
