/**
 * Reads a multipart training upload (files cohort, inter, intra; fields config, activate) into a
 * TrainingRequest. A body busboy cannot parse, or one that ends before its closing boundary, is a
 * 400 naming the problem (src/routes/v1/training-jobs/multipartErrors.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { TrainingRequest } from '../../../jobs/types.js';
import { HttpError } from '../../../plugins/errors.js';
import {
  ClosingDelimiterWatch,
  TRUNCATED_MESSAGE,
  boundaryProblem,
  multipartBoundary,
  multipartClientError,
} from './multipartErrors.js';

const FILE_FIELDS = new Set(['cohort', 'inter', 'intra']);

function parseConfigField(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'field config: not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new HttpError(400, 'field config: must be a JSON object');
  return v as Record<string, unknown>;
}

export async function readMultipart(
  request: FastifyRequest,
): Promise<{ request: TrainingRequest; activate: boolean }> {
  const files: Record<string, string> = {};
  let cohortName: string | undefined;
  let config: Record<string, unknown> = {};
  let activate = false;
  const contentType = request.headers['content-type'];
  const problem = boundaryProblem(contentType);
  if (problem) throw problem;
  const closing = new ClosingDelimiterWatch(multipartBoundary(contentType) as string);
  const parts = request.parts();
  request.raw.on('data', closing.onData);
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        if (!FILE_FIELDS.has(part.fieldname)) {
          part.file.resume();
          throw new HttpError(
            400,
            `unexpected file field ${part.fieldname}; expected cohort, inter or intra`,
          );
        }
        if (files[part.fieldname] !== undefined)
          throw new HttpError(400, `file field ${part.fieldname} given twice`);
        files[part.fieldname] = (await part.toBuffer()).toString('utf8');
        if (part.fieldname === 'cohort') cohortName = part.filename || undefined;
      } else {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        if (part.fieldname === 'config') config = parseConfigField(value);
        else if (part.fieldname === 'activate') {
          if (value !== 'true' && value !== 'false')
            throw new HttpError(400, "field activate: must be 'true' or 'false'");
          activate = value === 'true';
        } else throw new HttpError(400, `unexpected field ${part.fieldname}`);
      }
    }
  } catch (e) {
    throw multipartClientError(e);
  } finally {
    request.raw.off('data', closing.onData);
  }
  if (!closing.sawEnd) throw new HttpError(400, TRUNCATED_MESSAGE);
  if (!files.cohort) throw new HttpError(400, 'file field cohort (the cohort CSV) is required');
  return {
    request: {
      cohortCsv: files.cohort,
      ...(files.inter !== undefined ? { interCsv: files.inter } : {}),
      ...(files.intra !== undefined ? { intraCsv: files.intra } : {}),
      config,
      ...(cohortName ? { cohortName } : {}),
    },
    activate,
  };
}
