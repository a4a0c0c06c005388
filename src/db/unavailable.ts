/**
 * Telling "the database is away" apart from a bug: a connection refused, reset or timed out, or the
 * server shutting down, is DatabaseUnavailableError (the route layer answers 503); anything else
 * (a constraint, a syntax error) propagates unchanged.
 */

export class DatabaseUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(
      `the model registry database is unavailable (${operation}): ${(cause as Error)?.message ?? String(cause)}; ` +
        'predictions are still served from the loaded model; retry later',
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash). */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

export function isConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  // node-postgres reports these without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not open|Query read timeout/i.test(
    e.message,
  );
}

/** Run `fn`, turning a lost or refused connection into DatabaseUnavailableError. */
export async function whileAvailable<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isConnectionError(e)) throw new DatabaseUnavailableError(operation, e);
    throw e;
  }
}
