import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const LINUX = process.platform === 'linux';

describe('lowerCurrentThreadPriority', () => {
  it.runIf(LINUX)('lowers only the calling worker thread, not the main thread', async () => {
    const mainBefore = getPriority(process.pid);
    const url = new URL('../../src/jobs/threadPriority.ts', import.meta.url).href;
    const api = new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href;
    const code = `
      import { register } from ${JSON.stringify(api)}; register();
      const { parentPort } = await import('node:worker_threads');
      const { getPriority } = await import('node:os');
      const { lowerCurrentThreadPriority } = await import(${JSON.stringify(url)});
      const tid = lowerCurrentThreadPriority();
      parentPort.postMessage({ tid, nice: getPriority(tid) });`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    const reply = await new Promise<{ tid: number; nice: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.tid).not.toBe(process.pid);
    expect(reply.nice).toBe(19);
    expect(getPriority(process.pid)).toBe(mainBefore);
  });
});
