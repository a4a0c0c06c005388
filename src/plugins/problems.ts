/**
 * The problem types of RFC 9457 ("Problem Details for HTTP APIs") this service answers with: one
 * `type` URI per kind of error, a fixed `title` per kind, and the JSON schema of the body, which
 * keeps the service's earlier fields (`error`, `message`, `details`) as extension members so
 * clients written against them keep working.
 *
 * The type URIs are identifiers, not links (RFC 9457 §3.1.1 allows that): `her2.example` is a
 * reserved example domain (RFC 2606), so nothing is ever fetched from them. Their meaning is this
 * catalogue, listed in the README and in the OpenAPI document.
 */
import { STATUS_CODES } from 'node:http';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://her2.example/problems/';

/** Every kind of error, with its status and fixed title (RFC 9457: the title does not vary per occurrence). */
export const PROBLEM_KINDS = {
  'bad-request': { status: 400, title: 'The request is malformed or names an invalid value' },
  'invalid-request': { status: 400, title: 'The request does not match the API schema' },
  'invalid-cohort': {
    status: 400,
    title: 'A cohort file is invalid (the details name file, row and column)',
  },
  'invalid-input': { status: 400, title: "A patient's input value is invalid" },
  'invalid-model-id': { status: 400, title: 'The model id is not a valid model id' },
  unauthorized: { status: 401, title: 'An API key is missing or not valid' },
  forbidden: { status: 403, title: 'The API key lacks the role this route needs' },
  'not-found': { status: 404, title: 'No such route or resource' },
  'model-not-found': { status: 404, title: 'No such model in the registry' },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'active-model': { status: 409, title: 'The operation is not allowed on the active model' },
  'no-previous-model': { status: 409, title: 'There is no previous model to roll back to' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'uri-too-long': { status: 414, title: 'The request URL is too long' },
  'unsupported-media-type': { status: 415, title: 'The request body has an unsupported content type' },
  'missing-inputs': { status: 422, title: 'Inputs the model needs are missing' },
  'not-applicable': { status: 422, title: "The patient is outside every task's subgroup" },
  'out-of-distribution': { status: 422, title: 'Inputs lie too far outside the training distribution' },
  'unknown-site': {
    status: 422,
    title: 'The patient names a site the model neither harmonises nor is adapted to',
  },
  'site-adaptation': { status: 422, title: "The site's patients cannot adapt the model" },
  'non-finite-prediction': { status: 422, title: 'The model gave no finite probability for a patient' },
  'unprocessable-content': { status: 422, title: 'The request cannot be processed as it stands' },
  'rate-limited': { status: 429, title: 'Too many requests for this API key or client' },
  'queue-full': { status: 429, title: 'The training queue is full' },
  'header-fields-too-large': { status: 431, title: 'The request headers are too large' },
  'internal-error': { status: 500, title: 'Internal error' },
  'database-unavailable': { status: 503, title: 'The shared database is unavailable; retry later' },
  'service-unavailable': { status: 503, title: 'The service is not ready or is shutting down' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** The kind of an error known only by its status. */
const KIND_OF_STATUS: Record<number, ProblemKind> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'rate-limited',
  431: 'header-fields-too-large',
  500: 'internal-error',
  503: 'service-unavailable',
};

export function problemTypeUri(kind: string): string {
  return `${PROBLEM_TYPE_BASE}${kind}`;
}

/** The problem body: RFC 9457 members first, then the service's earlier fields as extensions. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** HTTP status text (the field clients read before problem details). */
  error: string;
  /** Same text as `detail` (the field clients read before problem details). */
  message: string;
  details?: unknown[];
}

/**
 * The problem body of an error. `kind` falls back to the status's generic kind; a status outside
 * the catalogue gets its status text, in kebab case, as its kind (still one URI per kind).
 */
export function problemBody(
  statusCode: number,
  detail: string,
  kind?: ProblemKind,
  details?: unknown[],
): ProblemBody {
  const statusText = STATUS_CODES[statusCode] ?? 'Error';
  const resolved: string =
    kind ?? KIND_OF_STATUS[statusCode] ?? statusText.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const title = (PROBLEM_KINDS as Record<string, { title: string }>)[resolved]?.title ?? statusText;
  return {
    type: problemTypeUri(resolved),
    title,
    status: statusCode,
    detail,
    error: statusText,
    message: detail,
    ...(details && details.length > 0 ? { details } : {}),
  };
}

/**
 * JSON schema of the problem body, a shared schema (src/plugins/errors.ts adds it) that responses
 * reference: one `components.schemas.Problem` in the OpenAPI document.
 */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description:
    'RFC 9457 problem details. `type` identifies the kind of error (one of the URIs listed under the README\'s "Errors"); ' +
    '`error`, `message` and `details` are the fields of earlier versions, kept as extensions.',
  required: ['type', 'title', 'status', 'detail', 'error', 'message'],
  additionalProperties: true,
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: `Kind of error: ${PROBLEM_TYPE_BASE}<kind>, kind one of ${Object.keys(PROBLEM_KINDS).join(', ')}`,
    },
    title: { type: 'string', description: 'Short summary of the kind of error (fixed per type)' },
    status: { type: 'integer', description: 'HTTP status code' },
    detail: {
      type: 'string',
      description: 'What went wrong in this request (names the field, row or patient)',
    },
    instance: { type: 'string', description: 'The request URL (path and query) the error occurred on' },
    error: { type: 'string', description: 'HTTP status text (extension, kept for earlier clients)' },
    message: { type: 'string', description: 'Same as detail (extension, kept for earlier clients)' },
    details: {
      type: 'array',
      description: 'Per-field or per-patient items (extension)',
      items: { type: 'object', additionalProperties: true },
    },
  },
} as const;

/** A response of `description` whose body is a problem (route schemas, OpenAPI). */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${problemSchema.$id}#` } } } };
}

/** The response every route documents, and serializes, for a status without an entry of its own. */
export const ANY_CLIENT_ERROR_RESPONSE = problemResponse(
  'Client error: RFC 9457 problem details (`type` names the kind of error, `detail` what is wrong)',
);
