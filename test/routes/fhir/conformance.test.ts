import type {
  CapabilityStatement,
  CodeSystem,
  OperationDefinition,
  OperationOutcome,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationErrors } from '../../../src/fhir/validate.js';
import { KEYS, type TestApp, auth } from '../../helpers/testApp.js';
import { defaultArtifact, fhirTestApp } from './fhirApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await fhirTestApp();
}, 120_000);
afterAll(async () => t?.close());

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return {
    status: res.statusCode,
    type: res.headers['content-type'],
    body: res.json() as Record<string, unknown>,
  };
};

describe('FHIR conformance resources (open, validated)', () => {
  it('GET /fhir/metadata: a valid CapabilityStatement listing both operations', async () => {
    const res = await get('/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/fhir\+json/);
    expect(validationErrors(res.body)).toEqual([]);
    const rest = (res.body as unknown as CapabilityStatement).rest![0];
    expect(rest.operation!.map((o) => o.name)).toEqual(['her2-train']);
    expect(rest.resource!.find((r) => r.type === 'RiskAssessment')!.operation!.map((o) => o.name)).toEqual([
      'her2-predict',
    ]);
  });

  it('GET /fhir/OperationDefinition/<id>: both operations, valid, at the URLs the CapabilityStatement names', async () => {
    const rest = ((await get('/fhir/metadata')).body as unknown as CapabilityStatement).rest![0];
    const urls = [...rest.operation!, ...rest.resource!.flatMap((r) => r.operation ?? [])].map(
      (o) => o.definition,
    );
    for (const id of ['her2-predict', 'her2-train']) {
      const res = await get(`/fhir/OperationDefinition/${id}`);
      expect(res.status).toBe(200);
      expect(validationErrors(res.body)).toEqual([]);
      expect(urls).toContain((res.body as unknown as OperationDefinition).url);
    }
    const unknown = await get('/fhir/OperationDefinition/constructor');
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as OperationOutcome).issue[0].code).toBe('not-found');
  });

  it("GET /fhir/CodeSystem/<id>: the inputs (with the active model's features) and the outcomes (with its tasks)", async () => {
    const artifact = await defaultArtifact();
    const inputs = await get('/fhir/CodeSystem/her2-radiomics-inputs');
    expect(inputs.status).toBe(200);
    expect(validationErrors(inputs.body)).toEqual([]);
    const codes = (inputs.body as unknown as CodeSystem).concept!.map((c) => c.code);
    expect(codes).toEqual(
      expect.arrayContaining([...artifact.input.features, 'suv_max', 'suv_mean', 'ki67', 'radiomics-panel']),
    );
    const outcomes = await get('/fhir/CodeSystem/her2-prediction-outcomes');
    expect(validationErrors(outcomes.body)).toEqual([]);
    expect((outcomes.body as unknown as CodeSystem).concept!.map((c) => c.code)).toEqual(
      expect.arrayContaining(['over', 'low', 'zero', ...Object.keys(artifact.tasks).map((k) => `task-${k}`)]),
    );
    expect((await get('/fhir/CodeSystem/loinc')).status).toBe(404);
  });

  it('answers an unknown /fhir path with an OperationOutcome 404 (401 without a key)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/Patient/1', headers: auth(KEYS.predict) });
    expect(res.statusCode).toBe(404);
    expect(validationErrors(res.json())).toEqual([]);
    const anonymous = await get('/fhir/Patient/1');
    expect(anonymous.status).toBe(401);
    expect(validationErrors(anonymous.body)).toEqual([]);
  });
});
