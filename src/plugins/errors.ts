/**
 * Uniform error bodies {error, message, details?} for every failure: validation, domain errors from
 * the registry / model / job queue, body limits, rate limits, 404s. Logs 5xx with the stack, 4xx by
 * code only (error messages can name patients).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  OutOfDistributionError,
} from '../model/her2Model.js';
import {
  ActiveModelError,
  InvalidModelIdError,
  ModelNotFoundError,
  NoPreviousModelError,
} from '../registry/types.js';
import { JobShutdownError, QueueFullError } from '../jobs/jobRunner.js';
import { DatabaseUnavailableError } from '../db/unavailable.js';
import { globalPlugin } from './global.js';

/** An error a route throws to answer with a specific status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown[];
}

export const errorBodySchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'HTTP status text' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

function statusText(code: number): string {
  return STATUS_CODES[code] ?? 'Error';
}

/** Map any thrown value to a status code, body and any headers the status needs. */
export function toErrorResponse(err: unknown): {
  statusCode: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  const body = (statusCode: number, message: string, details?: unknown[]) => ({
    statusCode,
    body: { error: statusText(statusCode), message, ...(details && details.length > 0 ? { details } : {}) },
  });
  if (err instanceof HttpError) return body(err.statusCode, err.message, err.details);
  if (err instanceof MissingInputError)
    return body(422, err.message, [{ patientId: err.patientId, missing: err.missing }]);
  if (err instanceof NotApplicableError) return body(422, err.message, [{ patientId: err.patientId }]);
  if (err instanceof InvalidInputError)
    return body(400, err.message, [{ patientId: err.patientId, field: err.field }]);
  if (err instanceof OutOfDistributionError) return body(422, err.message, err.inputs);
  if (err instanceof NonFinitePredictionError) return body(422, err.message, [{ patientId: err.patientId }]);
  if (err instanceof ModelNotFoundError) return body(404, err.message);
  if (err instanceof InvalidModelIdError) return body(400, err.message);
  if (err instanceof ActiveModelError) return body(409, err.message);
  if (err instanceof NoPreviousModelError) return body(409, err.message);
  if (err instanceof JobShutdownError) return body(503, err.message);
  // The shared database is away: a state of the deployment, not a bug; the client may retry.
  if (err instanceof DatabaseUnavailableError)
    return { ...body(503, err.message), headers: { 'retry-after': '5' } };
  // 429, not 503: a full queue is the clients' load, not a fault of the service.
  if (err instanceof QueueFullError)
    return { ...body(429, err.message), headers: { 'retry-after': String(err.retryAfterSeconds) } };
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) {
    const ctx = fe.validationContext ?? 'body';
    const details = fe.validation.map((v) => ({
      field: `${ctx}${v.instancePath.replace(/\//g, '.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')}${
        v.keyword === 'required' &&
        v.params &&
        typeof (v.params as { missingProperty?: unknown }).missingProperty === 'string'
          ? `.${(v.params as { missingProperty: string }).missingProperty}`
          : ''
      }`,
      message: v.message ?? 'invalid',
    }));
    return body(400, fe.message, details);
  }
  const code = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (code >= 400 && code < 500) return body(code, fe.message);
  return body(
    code >= 500 && code < 600 ? code : 500,
    'internal error; see the service log (request id in x-request-id)',
  );
}

export default globalPlugin('her2-errors', async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((err, request, reply) => {
    const { statusCode, body, headers } = toErrorResponse(err);
    // A deliberate 5xx (HttpError, e.g. 503 while the first model trains) is an expected state, not a
    // fault: a warning without a stack trace. Anything else reaching here is a bug: error with stack.
    if (statusCode >= 500 && (err instanceof HttpError || err instanceof DatabaseUnavailableError))
      request.log.warn({ statusCode, reason: err.message }, 'request refused');
    else if (statusCode >= 500) request.log.error({ err }, 'request failed');
    else
      request.log.info(
        { errorCode: (err as FastifyError).code ?? (err as Error).name, statusCode },
        'request rejected',
      );
    if (headers) void reply.headers(headers);
    void reply.code(statusCode).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
});
