import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type TestApp, makeTestApp } from './helpers/testApp.js';

const ROUTES: [string, string][] = [
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
  ['post', '/v1/predictions'],
  ['post', '/v1/prognosis'],
  ['get', '/v1/models'],
  ['post', '/v1/models/rollback'],
  ['get', '/v1/models/{id}'],
  ['delete', '/v1/models/{id}'],
  ['get', '/v1/models/{id}/report'],
  ['post', '/v1/models/{id}/activate'],
  ['get', '/v1/models/{id}/sites'],
  ['post', '/v1/models/{id}/sites'],
  ['post', '/v1/models/{id}/evaluations'],
  ['post', '/v1/training-jobs'],
  ['get', '/v1/training-jobs'],
  ['get', '/v1/training-jobs/{id}'],
  ['get', '/cds-services'],
  ['post', '/cds-services/her2-status'],
  ['post', '/cds-services/her2-status/feedback'],
  ['delete', '/v1/training-jobs/{id}'],
  ['post', '/fhir/RiskAssessment/$her2-predict'],
  ['post', '/fhir/$her2-train'],
  ['get', '/fhir/metadata'],
  ['get', '/fhir/CodeSystem/{id}'],
  ['get', '/fhir/OperationDefinition/{id}'],
];
/** Routes without a key: probes, and the FHIR conformance resources. */
const OPEN = [
  '/healthz',
  '/readyz',
  '/fhir/metadata',
  '/fhir/CodeSystem/{id}',
  '/fhir/OperationDefinition/{id}',
];

interface Operation {
  operationId?: string;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
}

let t: TestApp;
let served: {
  openapi: string;
  info: { version: string; license?: { name: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};
beforeAll(async () => {
  t = await makeTestApp();
  const res = await t.app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  served = res.json();
});
afterAll(async () => {
  await t.close();
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.x with every route, each with responses, a security requirement and error bodies', () => {
    expect(served.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(Object.keys(served.components.securitySchemes).sort()).toEqual([
      'apiKeyHeader',
      'bearerAuth',
      'cdsHooksJwt',
    ]);
    for (const [method, path] of ROUTES) {
      const op = served.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(Object.keys(op.responses).some((c) => c.startsWith('2'))).toBe(true);
      expect(Array.isArray(op.security)).toBe(true);
      const secured = (op.security ?? []).length > 0;
      expect(secured).toBe(!OPEN.includes(path));
      if (secured) expect(op.responses['401']).toBeDefined();
    }
    const documented = Object.entries(served.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
  });

  it('names every operation uniquely, says where it is served, its licence, and the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
      license: string;
    };
    expect(served.info.version).toBe(pkg.version);
    expect(served.info.license?.name).toBe(pkg.license);
    expect(served.servers?.length).toBeGreaterThan(0);
    const ids = ROUTES.map(([m, p]) => served.paths[p][m].operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every 4xx of every operation as application/problem+json (RFC 9457), /fhir ones as OperationOutcome', () => {
    for (const [m, p] of ROUTES) {
      const responses = served.paths[p][m].responses;
      expect(responses['4XX'], `${m} ${p}`).toBeDefined();
      for (const [code, response] of Object.entries(responses))
        if (code.startsWith('4') && p.startsWith('/fhir/'))
          expect(Object.keys(response.content ?? {}), `${m} ${p} ${code}`).toEqual(['application/fhir+json']);
        else if (code.startsWith('4'))
          expect(response.content?.['application/problem+json'].schema, `${m} ${p} ${code}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
    }
  });

  it('documents POST /v1/prognosis with an example body and the risk-group response', () => {
    const op = served.paths['/v1/prognosis'].post as Operation & {
      requestBody: { content: Record<string, { example?: { lesions: unknown[] } }> };
    };
    expect(op.requestBody.content['application/json'].example?.lesions).toHaveLength(2);
    expect(op.responses['200'].content?.['application/json'].schema).toMatchObject({
      required: ['model', 'patient'],
    });
    expect(op.responses['422']).toBeDefined();
  });

  it('documents both upload forms of training jobs and the 422 of predictions', () => {
    const submit = served.paths['/v1/training-jobs'].post;
    expect(Object.keys(submit.requestBody!.content).sort()).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
    const predict = served.paths['/v1/predictions'].post;
    expect(predict.responses['422']).toBeDefined();
    expect(predict.responses['200'].content!['application/json'].schema).toMatchObject({
      required: ['model', 'predictions'],
    });
  });

  it('equals the repository openapi.yaml (regenerate with: npx tsx scripts/write-openapi.ts)', async () => {
    const file = parse(await readFile(new URL('../openapi.yaml', import.meta.url), 'utf8'));
    expect(served).toEqual(file);
    const yamlRes = await t.app.inject({ url: '/docs/yaml' });
    expect(parse(yamlRes.body)).toEqual(file);
  });
});

describe('OpenAPI document: FHIR', () => {
  it('documents the FHIR operations as taking and answering application/fhir+json', () => {
    for (const path of ['/fhir/RiskAssessment/$her2-predict', '/fhir/$her2-train']) {
      const op = served.paths[path].post;
      expect(Object.keys(op.requestBody!.content)).toContain('application/fhir+json');
      const ok = Object.entries(op.responses).find(([c]) => c.startsWith('2'))![1];
      expect(Object.keys(ok.content ?? {})).toEqual(['application/fhir+json']);
      expect(op.responses['422']).toBeDefined();
    }
  });
});
