/**
 * The OpenAPI 3 document (generated from the route schemas by @fastify/swagger) and Swagger UI at
 * /docs (document at /docs/json and /docs/yaml). The repository's openapi.yaml is this document,
 * written by scripts/write-openapi.ts; a test keeps them equal.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global.js';

export const API_VERSION = '1.0.0';
export const DOCS_PREFIX = '/docs';

export const OPENAPI_INFO = {
  title: 'HER2 status prediction service',
  version: API_VERSION,
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
    'Without API keys configured every route is open. Errors have the body `{error, message, details?}`.',
  ].join('\n'),
};

export default globalPlugin('her2-swagger', async function swaggerPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: OPENAPI_INFO,
      tags: [
        { name: 'predictions', description: 'HER2 status predictions' },
        {
          name: 'prognosis',
          description: 'PFS risk group under trastuzumab + pertuzumab from FDG PET lesions',
        },
        { name: 'models', description: 'The model registry' },
        { name: 'training', description: 'Training jobs' },
        { name: 'operations', description: 'Health, readiness and metrics' },
        {
          name: 'fhir',
          description: 'HL7 FHIR R4 interface (application/fhir+json): $her2-predict, $her2-train, metadata',
        },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Swagger UI ships its scripts and styles as files: a strict policy without inline scripts works.
    staticCSP:
      "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'",
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
});
