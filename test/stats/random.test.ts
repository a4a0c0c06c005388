import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffleInPlace } from '../../src/stats/random.js';

describe('createRng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms with mean 1/2 and variance 1/12, normals with mean 0 and variance 1', () => {
    const rng = createRng(123);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      m += z;
      m2 += z * z;
    }
    expect(m / n).toBeCloseTo(0, 1);
    expect(m2 / n).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation and derives distinct child seeds', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], createRng(1));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(deriveSeed(1, 'over', 'svm')).not.toBe(deriveSeed(1, 'low', 'svm'));
    expect(deriveSeed(1, 'over')).toBe(deriveSeed(1, 'over'));
  });
});
