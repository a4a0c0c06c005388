/** Small helpers over node:util parseArgs so every command reports bad usage the same way. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// Messages do not name the command: main() prefixes every error with `her2 <command>: ` once.
// (`_command` stays in the signatures so callers need not change.)

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  _command: string,
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function requireOption(_command: string, values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function parseSeed(_command: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`--seed must be an integer between 0 and 4294967295, got "${String(raw)}"`);
  }
  return seed;
}

/** One plain progress line: `[ 40%] stage`. */
export function progressText(stage: string, percent: number): string {
  return `[${String(percent).padStart(3)}%] ${stage}\n`;
}

/** Progress goes to stderr so stdout carries only results (ids, CSV). */
export function progressLine(stage: string, percent: number): void {
  process.stderr.write(progressText(stage, percent));
}
