/**
 * One byte limit for a whole training upload, however it is split across files and fields: every
 * byte of the raw body counts (files, fields, part headers, boundaries). The per-file and per-field
 * limits of busboy alone let three files of just under the limit through.
 */
import { HttpError } from '../../../plugins/errors.js';
import { MiB } from '../../../config.js';

function sizeText(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

export function uploadTooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `the training upload is larger than ${sizeText(limit)}, the limit for all its files and fields together (trainingBodyLimit, HER2_TRAINING_BODY_LIMIT)`,
  );
}

export class UploadBudget {
  private received = 0;
  private fail!: (e: HttpError) => void;
  /** Rejects with the 413 as soon as the body passes the limit, even between parts. */
  readonly exceeded: Promise<never>;

  constructor(readonly limit: number) {
    this.exceeded = new Promise<never>((_, reject) => (this.fail = reject));
    this.exceeded.catch(() => undefined); // observed through check() or a race; never unhandled
  }

  /** A declared Content-Length already over the limit is refused before any of the body is read. */
  static checkDeclared(contentLength: string | undefined, limit: number): void {
    const declared = Number(contentLength);
    if (Number.isFinite(declared) && declared > limit) throw uploadTooLarge(limit);
  }

  /** Listener for the raw request's 'data' events. */
  readonly onData = (chunk: Buffer): void => {
    this.received += chunk.length;
    if (this.received > this.limit) this.fail(uploadTooLarge(this.limit));
  };

  check(): void {
    if (this.received > this.limit) throw uploadTooLarge(this.limit);
  }
}
