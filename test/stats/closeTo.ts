import { expect } from 'vitest';

/** Mixed absolute/relative comparison, so tiny p-values are checked to relative precision. */
export function expectClose(actual: number, expected: number, relative = 1e-9, absolute = 1e-14): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const tolerance = absolute + relative * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected}`);
  }
}
