/** Small helpers over node:util parseArgs so every command reports bad usage the same way. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`her2 ${command}: ${(error as Error).message}`);
  }
}

export function requireOption(command: string, values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`her2 ${command}: --${name} is required`);
  return value;
}

export function parseSeed(command: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(
      `her2 ${command}: --seed must be an integer between 0 and 4294967295, got "${String(raw)}"`,
    );
  }
  return seed;
}

/** Progress goes to stderr so stdout carries only results (ids, CSV). */
export function progressLine(stage: string, percent: number): void {
  process.stderr.write(`[${String(percent).padStart(3)}%] ${stage}\n`);
}
