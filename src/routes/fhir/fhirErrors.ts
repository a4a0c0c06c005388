/**
 * Errors on /fhir answer an OperationOutcome (application/fhir+json), whatever raised them: the
 * routes' own issues (FhirOperationError, with FHIRPath expressions), and everything the rest of the
 * service maps to a status (auth, body limits, rate limits, unknown model, 415) through the same
 * toErrorResponse as the JSON routes, so the status codes are the same.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { type FhirIssue, type FhirIssueCode, issue, operationOutcome } from '../../fhir/issues.js';
import { HttpError, toErrorResponse } from '../../plugins/errors.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** A refusal with OperationOutcome issues (400: not valid FHIR; 422: valid FHIR the service cannot use). */
export class FhirOperationError extends HttpError {
  constructor(
    statusCode: number,
    readonly issues: FhirIssue[],
  ) {
    super(statusCode, issues[0]?.diagnostics ?? 'invalid FHIR request', issues);
    this.name = 'FhirOperationError';
  }
}

const ISSUE_CODE_OF_STATUS: Record<number, FhirIssueCode> = {
  400: 'invalid',
  401: 'security',
  403: 'security',
  404: 'not-found',
  408: 'too-costly',
  409: 'business-rule',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'too-costly',
};

function issuesOf(
  err: unknown,
  statusCode: number,
  message: string,
  details: unknown[] | undefined,
): FhirIssue[] {
  if (err instanceof FhirOperationError) return err.issues;
  const code = ISSUE_CODE_OF_STATUS[statusCode] ?? (statusCode >= 500 ? 'exception' : 'invalid');
  const fields = (details ?? []).flatMap((d) =>
    typeof d === 'object' && d !== null && typeof (d as { field?: unknown }).field === 'string'
      ? [(d as { field: string }).field]
      : [],
  );
  return [{ ...issue(code, message), ...(fields.length > 0 ? { expression: fields } : {}) }];
}

export function installFhirErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { statusCode, body, headers } = toErrorResponse(err);
    if (statusCode >= 500 && !(err instanceof HttpError)) request.log.error({ err }, 'request failed');
    else
      request.log.info(
        { errorCode: (err as FastifyError).code ?? (err as Error).name, statusCode },
        'request rejected',
      );
    if (headers) void reply.headers(headers);
    void reply
      .code(statusCode)
      .type(FHIR_JSON)
      .send(operationOutcome(issuesOf(err, statusCode, body.message, body.details)));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply
      .code(404)
      .type(FHIR_JSON)
      .send(
        operationOutcome([
          issue('not-found', `no FHIR interaction ${request.method} ${path}; see GET /fhir/metadata`),
        ]),
      );
  });
}
