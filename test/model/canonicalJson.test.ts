import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/io/sha256.js';
import { canonicalJson } from '../../src/model/canonicalJson.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth, so key order does not matter', () => {
    const a = { b: 1, a: { d: [{ y: 1, x: 2 }], c: 'z' } };
    const b = { a: { c: 'z', d: [{ x: 2, y: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"z","d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('writes non-finite numbers as null, like JSON.stringify', () => {
    expect(
      canonicalJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: [Number.NEGATIVE_INFINITY, 1] }),
    ).toBe('{"a":null,"b":null,"c":[null,1]}');
    expect(canonicalJson(Number.NaN)).toBe('null');
  });

  it('drops undefined object fields and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe(JSON.stringify({ b: [undefined, 2] }));
  });

  it('is JSON.stringify of the key-sorted value (no whitespace, same number and string forms)', () => {
    const value = {
      z: 'quote " and \\ and \u2028 and é',
      a: [0.1, 1e-7, -0, 123456789012345680000, true, false, null],
    };
    const sorted = { a: value.a, z: value.z };
    expect(canonicalJson(value)).toBe(JSON.stringify(sorted));
    expect(canonicalJson(-0)).toBe('0');
  });

  it('typed arrays are written as arrays', () => {
    expect(canonicalJson({ v: Float64Array.of(1.5, 2) })).toBe('{"v":[1.5,2]}');
  });

  it('sorts keys by code unit, not locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(Symbol('s'))).toThrow(TypeError);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector and node:crypto on UTF-8 text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é✓')).toBe(createHash('sha256').update(Buffer.from('é✓', 'utf8')).digest('hex'));
  });
});
