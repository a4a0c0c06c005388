import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File, sha256Hex } from '../../src/io/sha256.js';

describe('sha256', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-sha-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches the published digest of "abc" (FIPS 180-2 example)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes a file the same as its bytes in memory, and differently after one byte changes', async () => {
    const content = Buffer.from('patient_id,site\n'.repeat(100_000), 'utf8'); // several read chunks
    const path = join(dir, 'c.csv');
    writeFileSync(path, content);
    const digest = await sha256File(path);
    expect(digest).toBe(sha256Hex(content));
    content[5] ^= 1;
    writeFileSync(path, content);
    expect(await sha256File(path)).not.toBe(digest);
  });
});
