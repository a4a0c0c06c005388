import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchedDestination, batchedDestination } from '../../src/plugins/logDestination.js';

/** A stand-in for the SonicBoom file writer that records what it is given. */
function fakeSink() {
  const writes: string[] = [];
  const sink = {
    writes,
    write: (s: string) => void writes.push(s),
    flush: (cb: () => void) => cb(),
    flushSync: () => undefined,
    end: () => undefined,
  };
  return sink;
}
const batched = (sink: ReturnType<typeof fakeSink>, options = {}) =>
  new BatchedDestination(sink as unknown as ConstructorParameters<typeof BatchedDestination>[0], options);

afterEach(() => {
  vi.useRealTimers();
});

describe('batched log destination', () => {
  it('hands lines on in order, in chunks of at least minLength characters', () => {
    const sink = fakeSink();
    const d = batched(sink, { minLength: 10 });
    d.write('aaaa\n');
    expect(sink.writes).toEqual([]);
    d.write('bbbb\n');
    expect(sink.writes).toEqual(['aaaa\nbbbb\n']);
    d.write('cc\n');
    d.flushSync();
    expect(sink.writes).toEqual(['aaaa\nbbbb\n', 'cc\n']);
  });

  it('flush(cb) writes what is pending before calling back', () => {
    const sink = fakeSink();
    const d = batched(sink, { minLength: 4096 });
    d.write('x\n');
    let done = false;
    d.flush(() => (done = true));
    expect(sink.writes).toEqual(['x\n']);
    expect(done).toBe(true);
  });

  it('writes pending lines every periodicFlushMs when asked to', () => {
    vi.useFakeTimers();
    const sink = fakeSink();
    const d = batched(sink, { minLength: 4096, periodicFlushMs: 1000 });
    d.write('audit\n');
    vi.advanceTimersByTime(999);
    expect(sink.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sink.writes).toEqual(['audit\n']);
  });

  it('as a pino destination writes every line to its file once flushed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-logdest-'));
    try {
      const file = join(dir, 'nested', 'service.log');
      const log = pino({ base: null }, batchedDestination({ dest: file, mkdir: true, minLength: 256 }));
      for (let i = 0; i < 100; i++) log.info({ i }, 'line');
      await new Promise<void>((resolve, reject) => log.flush((e) => (e ? reject(e) : resolve())));
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes a filled chunk to its file synchronously, without a flush or a turn of the event loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'her2-logdest-'));
    try {
      const file = join(dir, 'audit.log');
      const dest = batchedDestination({ dest: file, minLength: 64 });
      dest.write('a'.repeat(40) + '\n');
      expect(readFileSync(file, 'utf8')).toBe('');
      dest.write('b'.repeat(40) + '\n');
      expect(readFileSync(file, 'utf8')).toBe(`${'a'.repeat(40)}\n${'b'.repeat(40)}\n`);
      dest.end();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
