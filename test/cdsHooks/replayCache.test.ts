import { describe, expect, it } from 'vitest';
import { ReplayCache } from '../../src/cdsHooks/replayCache.js';

describe('ReplayCache', () => {
  it('accepts a key once while it is unexpired', () => {
    const c = new ReplayCache(10);
    expect(c.check('a', 200, 100)).toBe('fresh');
    expect(c.check('a', 200, 150)).toBe('replayed');
    expect(c.check('b', 200, 150)).toBe('fresh');
    expect(c.size).toBe(2);
  });

  it('drops expired keys to make room, and refuses when every held key is unexpired', () => {
    const c = new ReplayCache(2);
    expect(c.check('a', 110, 100)).toBe('fresh');
    expect(c.check('b', 300, 100)).toBe('fresh');
    expect(c.check('c', 300, 105)).toBe('full');
    // at 120, a has expired: it is dropped, c fits, b is still remembered
    expect(c.check('c', 300, 120)).toBe('fresh');
    expect(c.size).toBe(2);
    expect(c.check('b', 300, 120)).toBe('replayed');
  });

  it('refuses a non-positive capacity', () => {
    expect(() => new ReplayCache(0)).toThrow(RangeError);
  });
});
