/** Byte-level damage to a request body: truncation, flipped bytes, inserted garbage, a BOM, or noise alone. */
import type { Rng } from '../../../src/stats/random.js';
import { INVALID_UTF8, pick } from './values.js';

export function randomBytes(rng: Rng, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(256);
  return out;
}

export type ByteDamage = 'truncate' | 'flip' | 'insert' | 'bom' | 'noise';

export const BYTE_DAMAGES: readonly ByteDamage[] = ['truncate', 'flip', 'insert', 'bom', 'noise'];

export function damageBytes(rng: Rng, body: Buffer, damage: ByteDamage): Buffer {
  const at = rng.int(body.length + 1);
  switch (damage) {
    case 'truncate':
      return body.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(body);
      for (let k = 0; k < 1 + rng.int(8) && out.length > 0; k++) out[rng.int(out.length)] = rng.int(256);
      return out;
    }
    case 'insert':
      return Buffer.concat([body.subarray(0, at), pick(rng, INVALID_UTF8), body.subarray(at)]);
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    case 'noise':
      return randomBytes(rng, rng.int(2048));
  }
}
