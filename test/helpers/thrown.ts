import { expect } from 'vitest';

/** The error `run` throws, asserted to be a `type`; fails the test when nothing is thrown. */
export function thrown<T extends Error>(run: () => unknown, type: new (...args: never[]) => T): T {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected a ${type.name}`);
}
