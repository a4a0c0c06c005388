/**
 * Reads a multipart training upload (files cohort, inter, intra; fields config, activate), streaming
 * each file into the job spool as it arrives, so memory stays flat however large the upload. Limits:
 * the whole body (UploadBudget, 413), each text field (413 when over, rather than a misleading "not
 * valid JSON" on the truncated value). A body busboy cannot parse, or one that ends before its
 * closing boundary, is a 400 naming the problem (multipartErrors.ts).
 */
import { createHash } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { SpooledInput } from '../../../jobs/jobRunner.js';
import type { SpoolFile } from '../../../jobs/jobSpool.js';
import { HttpError } from '../../../plugins/errors.js';
import {
  ClosingDelimiterWatch,
  TRUNCATED_MESSAGE,
  boundaryProblem,
  multipartBoundary,
  multipartClientError,
} from './multipartErrors.js';
import { checkTrainingConfig } from './trainingConfig.js';
import { UploadBudget, uploadTooLarge } from './uploadBudget.js';

const FILE_FIELDS: ReadonlySet<string> = new Set<SpoolFile>(['cohort', 'inter', 'intra']);

export interface UploadLimits {
  /** Bytes of the whole request body. */
  requestBytes: number;
  /** Bytes of one text field (config). */
  fieldBytes: number;
}

/** Writes one uploaded file (a stream of chunks) to the spool of the job being received. */
export type FileSink = (file: SpoolFile, content: AsyncIterable<Uint8Array>) => Promise<void>;

export interface MultipartUpload {
  input: SpooledInput;
  activate: boolean;
}

function parseConfigField(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'field config: not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new HttpError(400, 'field config: must be a JSON object');
  checkTrainingConfig(v as Record<string, unknown>);
  return v as Record<string, unknown>;
}

/**
 * The chunks of an uploaded file, checked against the request budget as they pass. Errors of the
 * file stream itself (busboy: malformed or truncated body) become 400s; a failing sink (the disk)
 * stops the iteration from outside and its own error propagates unchanged.
 */
async function* meteredChunks(
  part: MultipartFile,
  budget: UploadBudget,
  onChunk: (chunk: Buffer) => void,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      budget.check();
      onChunk(chunk);
      yield chunk;
    }
  } catch (e) {
    throw multipartClientError(e);
  }
  if (part.file.truncated) throw uploadTooLarge(budget.limit);
}

export async function readMultipartUpload(
  request: FastifyRequest,
  limits: UploadLimits,
  sink: FileSink,
): Promise<MultipartUpload> {
  const contentType = request.headers['content-type'];
  const problem = boundaryProblem(contentType);
  if (problem) throw problem;
  UploadBudget.checkDeclared(request.headers['content-length'], limits.requestBytes);
  const budget = new UploadBudget(limits.requestBytes);
  const closing = new ClosingDelimiterWatch(multipartBoundary(contentType) as string);

  const seen = new Set<string>();
  const cohortHash = createHash('sha256');
  let cohortBytes = 0;
  let cohortName: string | undefined;
  let config: Record<string, unknown> = {};
  let activate = false;

  const parts = request.parts()[Symbol.asyncIterator]();
  request.raw.on('data', budget.onData);
  request.raw.on('data', closing.onData);
  try {
    for (;;) {
      let step: IteratorResult<Awaited<ReturnType<typeof parts.next>>['value']>;
      try {
        step = await Promise.race([parts.next(), budget.exceeded]);
      } catch (e) {
        throw multipartClientError(e);
      }
      if (step.done) break;
      const part = step.value;
      if (part.type === 'file') {
        if (!FILE_FIELDS.has(part.fieldname)) {
          part.file.resume();
          throw new HttpError(
            400,
            `unexpected file field ${part.fieldname}; expected cohort, inter or intra`,
          );
        }
        if (seen.has(part.fieldname)) throw new HttpError(400, `file field ${part.fieldname} given twice`);
        seen.add(part.fieldname);
        const isCohort = part.fieldname === 'cohort';
        if (isCohort) cohortName = part.filename || undefined;
        await sink(
          part.fieldname as SpoolFile,
          meteredChunks(part, budget, (chunk) => {
            if (!isCohort) return;
            cohortHash.update(chunk);
            cohortBytes += chunk.length;
          }),
        );
      } else {
        budget.check();
        if (part.valueTruncated)
          throw new HttpError(413, `field ${part.fieldname} is larger than ${limits.fieldBytes} bytes`);
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        if (part.fieldname === 'config') config = parseConfigField(value);
        else if (part.fieldname === 'activate') {
          if (value !== 'true' && value !== 'false')
            throw new HttpError(400, "field activate: must be 'true' or 'false'");
          activate = value === 'true';
        } else throw new HttpError(400, `unexpected field ${part.fieldname}`);
      }
    }
  } finally {
    request.raw.off('data', budget.onData);
    request.raw.off('data', closing.onData);
  }
  budget.check();
  if (!closing.sawEnd) throw new HttpError(400, TRUNCATED_MESSAGE);
  if (!seen.has('cohort')) throw new HttpError(400, 'file field cohort (the cohort CSV) is required');
  return {
    input: {
      cohortSha256: cohortHash.digest('hex'),
      cohortBytes,
      inter: seen.has('inter'),
      intra: seen.has('intra'),
      config,
      ...(cohortName ? { cohortName } : {}),
    },
    activate,
  };
}
