/**
 * The OpenAPI 3 document (generated from the route schemas by @fastify/swagger) and Swagger UI at
 * /docs (document at /docs/json and /docs/yaml). The repository's openapi.yaml is this document,
 * written by scripts/write-openapi.ts; a test keeps them equal.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global.js';
import { withOpenApi30Bounds } from './openApi30Bounds.js';
import { PROBLEM_KINDS, PROBLEM_TYPE_BASE } from './problems.js';

/** The package's own manifest: ../../package.json from both src/plugins/ and dist/plugins/. */
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  license: string;
};

/** The API version in the document follows the package version (one release, one number). */
export const API_VERSION = PACKAGE.version;
export const DOCS_PREFIX = '/docs';

export const OPENAPI_INFO = {
  title: 'HER2 status prediction service',
  version: API_VERSION,
  license: { name: PACKAGE.license, url: `https://spdx.org/licenses/${PACKAGE.license}.html` },
  description: [
    "Predicts a breast cancer's HER2 expression status (over / low / zero) from PET/CT radiomic features plus ER/PR",
    '(after Hou et al., Cancer Imaging 2025), with calibrated probabilities, retraining and a model registry.',
    '',
    '**Not a medical device.** Models trained on the bundled demo cohort are trained on synthetic data; every',
    'response that carries model information says so (`synthetic`, `syntheticWarning`).',
    '',
    'Authentication: `Authorization: Bearer <key>` or `x-api-key: <key>`. Roles: `predict` (POST /v1/predictions),',
    '`train` (training jobs), `admin` (activate, rollback, delete, and /metrics), `metrics` (/metrics only).',
    'Model listing and model cards need any valid key; /healthz, /readyz and /docs are open.',
    'Without API keys configured every route is open; a 401 carries `WWW-Authenticate: Bearer`.',
    '',
    'Errors are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`,',
    '`instance`, plus the earlier fields `error`, `message` and `details` as extensions. `type` is',
    `\`${PROBLEM_TYPE_BASE}<kind>\`, kind one of: ${Object.keys(PROBLEM_KINDS).join(', ')}.`,
  ].join('\n'),
};

/** A route without an operationId of its own gets one from its method and path (GET /v1/a/:id → getV1AById). */
export function defaultOperationId(method: string | string[], url: string): string {
  const verb = (Array.isArray(method) ? method[0] : method).toLowerCase();
  const words = url
    .split(/[^A-Za-z0-9:]+/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By${cap(w.slice(1))}` : cap(w)));
  return verb + words.join('');
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export default globalPlugin('her2-swagger', async function swaggerPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: OPENAPI_INFO,
      // Relative: the document describes whichever host serves it (Swagger UI calls that host).
      servers: [{ url: '/', description: 'the service that serves this document' }],
      tags: [
        { name: 'predictions', description: 'HER2 status predictions' },
        {
          name: 'prognosis',
          description: 'PFS risk group under trastuzumab + pertuzumab from FDG PET lesions',
        },
        { name: 'models', description: 'The model registry' },
        { name: 'training', description: 'Training jobs' },
        { name: 'operations', description: 'Health, readiness and metrics' },
        { name: 'cds-hooks', description: 'CDS Hooks 2.0 service for EHRs (JWT-authenticated)' },
        {
          name: 'fhir',
          description: 'HL7 FHIR R4 interface (application/fhir+json): $her2-predict, $her2-train, metadata',
        },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          cdsHooksJwt: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'CDS Hooks: a JWT signed (RS384 / ES384) by an allowlisted EHR, aud = the endpoint URL',
          },
        },
      },
    },
    // Shared schemas keep their $id as their name under components.schemas (not def-0, def-1 …).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documents) =>
      'openapiObject' in documents ? withOpenApi30Bounds(documents.openapiObject) : documents.swaggerObject,
    transform: ({ schema, url, route }) => ({
      url,
      schema:
        schema && !schema.operationId
          ? { ...schema, operationId: defaultOperationId(route.method, url) }
          : schema,
    }),
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Swagger UI ships its scripts and styles as files: a strict policy without inline scripts works.
    staticCSP:
      "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'",
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
});
