/**
 * Upload benchmark (not a test): the memory of the service while oversized training uploads are
 * refused, judged against "RSS < 600 MB while a 600 MiB multipart upload is refused".
 *
 *   npm run bench:upload [-- --mib 600]
 *
 * The service runs as production runs it, in its own process: `node dist/server.js` (compiled; the
 * script builds it first) on a fresh temporary registry, configured through the environment with the
 * default limits. The bench waits until the default model is trained and loaded (/readyz), then sends,
 * from this process and as streams (nothing of the size below is ever held in memory here):
 *
 *   1. one 600 MiB file, chunked (no Content-Length): the service must count the bytes as they come
 *      and stop at its limit (HER2_TRAINING_BODY_LIMIT, default 256 MiB), streaming to its spool
 *      meanwhile, never holding the upload in memory;
 *   2. the same with a Content-Length: refused before the body is read;
 *   3. three 200 MiB files in one request, chunked: the limit is for the whole request.
 *
 * The service's VmRSS (/proc/<pid>/status) is sampled every 20 ms during each upload and for a second
 * after; VmHWM (the process's lifetime peak, start-up and model bootstrap included) is printed at the
 * end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startServiceProcess } from './serviceProcess.js';

const MiB = 1024 * 1024;
const KEY = 'bench-upload-key-0123456789abcdef';
const TARGET_MB = 600;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Resident set (VmRSS) and its lifetime peak (VmHWM) of a process, in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
}

/** Samples VmRSS every 20 ms until stopped; returns the highest value seen. */
function sampleRss(pid: number): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await memoryOf(pid)).rss);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

interface FilePart {
  name: string;
  mib: number;
}

/** A multipart body generated chunk by chunk: CSV-looking rows, 1 MiB at a time, one buffer reused. */
function multipartStream(boundary: string, files: FilePart[]): { stream: Readable; length: number } {
  const row = Buffer.from('P0001,over,training,1,0,0.123456789\n');
  const chunk = Buffer.alloc(MiB);
  for (let at = 0; at < MiB; at += row.length) row.copy(chunk, at);
  const head = (f: FilePart) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.name}.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = files.reduce((n, f) => n + head(f).length + f.mib * MiB + 2, 0) - 2 + tail.length;
  async function* body(): AsyncGenerator<Buffer> {
    for (const [i, f] of files.entries()) {
      if (i > 0) yield Buffer.from('\r\n');
      yield head(f);
      for (let k = 0; k < f.mib; k++) yield chunk;
    }
    yield tail;
  }
  return { stream: Readable.from(body(), { objectMode: false }), length };
}

interface UploadResult {
  status: number | null;
  message: string;
  sentMiB: number;
  seconds: number;
  clientError?: string;
}

/** POST a streamed multipart body; resolves with the response (or the error if none came). */
function upload(url: URL, files: FilePart[], withLength: boolean): Promise<UploadResult> {
  const boundary = `bench${Date.now().toString(16)}`;
  const { stream, length } = multipartStream(boundary, files);
  const started = performance.now();
  let sent = 0;
  stream.on('data', (c: Buffer) => (sent += c.length));
  return new Promise((resolve) => {
    let result: UploadResult | undefined;
    const done = (r: Omit<UploadResult, 'sentMiB' | 'seconds'>) => {
      if (result) return;
      result = { ...r, sentMiB: sent / MiB, seconds: (performance.now() - started) / 1000 };
      stream.destroy();
      resolve(result);
    };
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          ...(withLength ? { 'content-length': String(length) } : { 'transfer-encoding': 'chunked' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let message = text;
          try {
            message = (JSON.parse(text) as { message?: string }).message ?? text;
          } catch {
            // not JSON: print as is
          }
          done({ status: res.statusCode ?? null, message });
        });
      },
    );
    // The service closes the connection after refusing: writes still in flight then fail (EPIPE).
    req.on('error', (e) => done({ status: null, message: '', clientError: e.message }));
    stream.pipe(req);
  });
}

async function main(): Promise<void> {
  const total = Number(arg('mib', '600'));
  if (!(total >= 3)) throw new Error('--mib must be at least 3');
  const dir = await mkdtemp(join(tmpdir(), 'her2-bench-upload-'));
  const { child, base, stop } = await startServiceProcess({
    HER2_MODELS_DIR: join(dir, 'models'),
    HER2_AUDIT_LOG: join(dir, 'audit.log'),
    HER2_API_KEYS: JSON.stringify([{ id: 'bench', key: KEY, roles: ['train', 'admin', 'predict'] }]),
    HER2_LOG_LEVEL: 'info',
  });
  const pid = child.pid!;
  try {
    const url = new URL('/v1/training-jobs', base);
    const idle = await memoryOf(pid);
    console.log(
      `service pid ${pid} (node dist/server.js, default limits), ready with its default model; VmRSS ${(idle.rss / MiB).toFixed(0)} MiB\n`,
    );
    const third = Math.floor(total / 3);
    const cases: [string, FilePart[], boolean][] = [
      [`1 file of ${total} MiB, chunked (no Content-Length)`, [{ name: 'cohort', mib: total }], false],
      [`1 file of ${total} MiB, with Content-Length`, [{ name: 'cohort', mib: total }], true],
      [
        `3 files of ${third} MiB in one request, chunked`,
        ['cohort', 'inter', 'intra'].map((name) => ({ name, mib: third })),
        false,
      ],
    ];
    const peaks: number[] = [];
    const statuses: (number | null)[] = [];
    for (const [title, files, withLength] of cases) {
      const sampler = sampleRss(pid);
      const r = await upload(url, files, withLength);
      await new Promise((res) => setTimeout(res, 1000)); // and the second after the refusal
      const peak = await sampler.stop();
      peaks.push(peak);
      statuses.push(r.status);
      console.log(`${title}`);
      console.log(
        `  status ${r.status ?? 'none'} after ${r.seconds.toFixed(1)} s, ${r.sentMiB.toFixed(0)} MiB sent; ${r.message || r.clientError}`,
      );
      console.log(
        `  service VmRSS peak during and 1 s after: ${(peak / MiB).toFixed(0)} MiB (${(peak / 1e6).toFixed(0)} MB)`,
      );
    }
    const jobs = (await (
      await fetch(`${base}/v1/training-jobs`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as { jobs: unknown[] };
    const after = await memoryOf(pid);
    console.log(
      `\nafter all uploads: VmRSS ${(after.rss / MiB).toFixed(0)} MiB; VmHWM (lifetime peak, start-up and bootstrap training included) ${(after.hwm / MiB).toFixed(0)} MiB (${(after.hwm / 1e6).toFixed(0)} MB); jobs queued by these uploads: ${jobs.jobs.length}`,
    );
    const peak = Math.max(...peaks);
    const refused = statuses.every((s) => s === 413);
    const ok = refused && peak < TARGET_MB * 1e6 && jobs.jobs.length === 0;
    console.log(
      `\ntarget: RSS < ${TARGET_MB} MB while a ${total} MiB multipart upload is refused (413):  ` +
        `statuses ${statuses.join(', ')}; peak VmRSS ${(peak / 1e6).toFixed(0)} MB  ${ok ? 'PASS' : 'FAIL'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
