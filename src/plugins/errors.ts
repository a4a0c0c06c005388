/**
 * Uniform error bodies for every failure: validation, domain errors from the registry / model / job
 * queue, body limits, rate limits, 404s. Each is an RFC 9457 problem-details body
 * (application/problem+json: type, title, status, detail, instance) that still carries the earlier
 * fields {error, message, details?} (src/plugins/problems.ts). Logs 5xx with the stack, 4xx by code
 * only (error messages can name patients).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  OutOfDistributionError,
  UnknownSiteError,
} from '../model/her2Model.js';
import { SiteAdaptationError } from '../model/siteAdaptation.js';
import {
  ActiveModelError,
  InvalidModelIdError,
  ModelNotFoundError,
  NoPreviousModelError,
} from '../registry/types.js';
import { JobShutdownError, QueueFullError } from '../jobs/jobRunner.js';
import { CohortError } from '../cohort/errors.js';
import { DatabaseUnavailableError } from '../db/unavailable.js';
import { globalPlugin } from './global.js';
import {
  ANY_CLIENT_ERROR_RESPONSE,
  PROBLEM_MEDIA_TYPE,
  type ProblemBody,
  type ProblemKind,
  problemBody,
  problemSchema,
} from './problems.js';

/** An error a route throws to answer with a specific status (and, optionally, a specific problem kind). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown[],
    readonly kind?: ProblemKind,
    /** Response headers the status needs (e.g. WWW-Authenticate on a 401). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type ErrorBody = ProblemBody;

/** Response schema of every error: RFC 9457 problem details (see src/plugins/problems.ts). */
export const errorBodySchema = problemSchema;

/** WWW-Authenticate of a 401 (RFC 6750 §3: no error code when no credentials were sent). */
export const BEARER_REALM = 'her2';
export function wwwAuthenticate(invalidKey: boolean): string {
  return invalidKey
    ? `Bearer realm="${BEARER_REALM}", error="invalid_token", error_description="the API key is not valid"`
    : `Bearer realm="${BEARER_REALM}"`;
}

/** Problem kinds of fastify's own errors, by their code. */
const FASTIFY_KINDS: Record<string, ProblemKind> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad-request',
};

/** Map any thrown value to a status code, problem body and any headers the status needs. */
export function toErrorResponse(err: unknown): {
  statusCode: number;
  body: ProblemBody;
  headers?: Record<string, string>;
} {
  const body = (statusCode: number, message: string, kind?: ProblemKind, details?: unknown[]) => ({
    statusCode,
    body: problemBody(statusCode, message, kind, details),
  });
  if (err instanceof HttpError)
    return { ...body(err.statusCode, err.message, err.kind, err.details), headers: err.headers };
  if (err instanceof MissingInputError)
    return body(422, err.message, 'missing-inputs', [{ patientId: err.patientId, missing: err.missing }]);
  if (err instanceof NotApplicableError)
    return body(422, err.message, 'not-applicable', [{ patientId: err.patientId }]);
  if (err instanceof UnknownSiteError)
    return body(422, err.message, 'unknown-site', [{ patientId: err.patientId, field: 'site' }]);
  if (err instanceof SiteAdaptationError)
    return body(
      422,
      err.message,
      'site-adaptation',
      err.field ? [{ field: `body.${err.field}` }] : undefined,
    );
  // A cohort file a client sent (an evaluation upload, say): file, row, line and column, as a 400.
  if (err instanceof CohortError)
    return body(400, err.message, 'invalid-cohort', [
      { file: err.file, row: err.row, line: err.line, column: err.column, patientId: err.patientId },
    ]);
  if (err instanceof InvalidInputError)
    return body(400, err.message, 'invalid-input', [{ patientId: err.patientId, field: err.field }]);
  if (err instanceof OutOfDistributionError) return body(422, err.message, 'out-of-distribution', err.inputs);
  if (err instanceof NonFinitePredictionError)
    return body(422, err.message, 'non-finite-prediction', [{ patientId: err.patientId }]);
  if (err instanceof ModelNotFoundError) return body(404, err.message, 'model-not-found');
  if (err instanceof InvalidModelIdError) return body(400, err.message, 'invalid-model-id');
  if (err instanceof ActiveModelError) return body(409, err.message, 'active-model');
  if (err instanceof NoPreviousModelError) return body(409, err.message, 'no-previous-model');
  if (err instanceof JobShutdownError) return body(503, err.message, 'service-unavailable');
  // The shared database is away: a state of the deployment, not a bug; the client may retry.
  if (err instanceof DatabaseUnavailableError)
    return { ...body(503, err.message, 'database-unavailable'), headers: { 'retry-after': '5' } };
  // 429, not 503: a full queue is the clients' load, not a fault of the service.
  if (err instanceof QueueFullError)
    return {
      ...body(429, err.message, 'queue-full'),
      headers: { 'retry-after': String(err.retryAfterSeconds) },
    };
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
    return body(400, fe.message, 'invalid-request', details);
  }
  const code = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (code >= 400 && code < 500)
    return body(code, fe.message, typeof fe.code === 'string' ? FASTIFY_KINDS[fe.code] : undefined);
  return body(
    code >= 500 && code < 600 ? code : 500,
    'internal error; see the service log (request id in x-request-id)',
  );
}

/** The content type of every error response. */
export const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`;

export default globalPlugin('her2-errors', async function errorsPlugin(app: FastifyInstance) {
  app.addSchema(problemSchema);
  // Every documented route also documents (and serializes) any other 4xx as a problem.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    if (!schema || schema.hide) return;
    if (schema.response?.['4xx'] || schema.response?.['4XX']) return;
    route.schema = { ...schema, response: { ...schema.response, '4xx': ANY_CLIENT_ERROR_RESPONSE } };
  });
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
    // Every 401 says how to authenticate (RFC 9110 §15.5.2, RFC 6750 §3), whoever raised it.
    if (statusCode === 401 && !reply.hasHeader('www-authenticate'))
      void reply.header('www-authenticate', wwwAuthenticate(request.apiKeyInvalid === true));
    void reply
      .code(statusCode)
      .type(PROBLEM_CONTENT_TYPE)
      .send({ ...body, instance: request.url });
  });
  app.setNotFoundHandler((request, reply) => {
    const body = problemBody(404, `no route ${request.method} ${request.url.split('?')[0]}`, 'not-found');
    void reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send({ ...body, instance: request.url });
  });
});
