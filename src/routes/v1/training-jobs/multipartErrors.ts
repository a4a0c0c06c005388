/**
 * Busboy (under @fastify/multipart) reports a malformed body with plain Errors that carry no status,
 * which the error handler would answer 500. They describe what the client sent, so they become 400s
 * with a message saying what is wrong. Errors that already carry a 4xx status (the plugin's limit
 * errors, HttpErrors) pass through unchanged.
 */
import { HttpError } from '../../../plugins/errors.js';

/** The boundary parameter of a multipart content-type, or undefined when there is none. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const m = /;\s*boundary=(?:"([^"]*)"|([^\s;]*))/i.exec(contentType ?? '');
  const boundary = m ? (m[1] ?? m[2]) : undefined;
  return boundary ? boundary : undefined;
}

/** Busboy needs '\r\n--' + boundary to fit its 256-byte search window. */
export const MAX_BOUNDARY_LENGTH = 252;

/** A 400 naming what is wrong with the content-type, or null when busboy can parse it. */
export function boundaryProblem(contentType: string | undefined): HttpError | null {
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined)
    return new HttpError(400, 'content-type multipart/form-data needs a boundary parameter');
  if (boundary.length > MAX_BOUNDARY_LENGTH)
    return new HttpError(
      400,
      `multipart boundary is ${boundary.length} characters long; at most ${MAX_BOUNDARY_LENGTH} are accepted`,
    );
  return null;
}

export const TRUNCATED_MESSAGE =
  'multipart body is truncated: it ends before the closing boundary (was the upload interrupted?)';

/** Map an error thrown while reading the parts of a multipart body to a client error. */
export function multipartClientError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  // The plugin answers a field declared application/json but not parseable with 406 (Not Acceptable,
  // which is about the Accept header): it is a bad request.
  if ((e as { code?: unknown } | null)?.code === 'FST_INVALID_JSON_FIELD_ERROR')
    return new HttpError(400, 'a field declared application/json is not valid JSON');
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/terminated early|unexpected end|premature close/i.test(message))
    return new HttpError(400, TRUNCATED_MESSAGE);
  if (/boundary not found/i.test(message))
    return new HttpError(400, 'content-type multipart/form-data needs a boundary parameter');
  return new HttpError(400, `malformed multipart body: ${message}`);
}

/**
 * Watches the raw body for the closing delimiter ("--" boundary "--"): @fastify/multipart ends the
 * part iteration silently when the body stops between two parts, so without this check a truncated
 * upload would be queued as if its missing parts (config, activate, a repeat file) were never sent.
 * Only the last bytes are kept; an epilogue after the delimiter of up to EPILOGUE_ALLOWANCE bytes
 * is tolerated.
 */
export class ClosingDelimiterWatch {
  static readonly EPILOGUE_ALLOWANCE = 1024;
  private tail = Buffer.alloc(0);
  private readonly delimiter: Buffer;
  private readonly keep: number;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`--${boundary}--`, 'latin1');
    this.keep = this.delimiter.length + ClosingDelimiterWatch.EPILOGUE_ALLOWANCE;
  }

  readonly onData = (chunk: Buffer): void => {
    this.tail =
      chunk.length >= this.keep
        ? Buffer.from(chunk.subarray(chunk.length - this.keep))
        : Buffer.concat([this.tail, chunk]).subarray(-this.keep);
  };

  get sawEnd(): boolean {
    return this.tail.includes(this.delimiter);
  }
}
