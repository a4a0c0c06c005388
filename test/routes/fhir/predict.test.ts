import type { Bundle, Observation, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationErrors } from '../../../src/fhir/validate.js';
import { KEYS, type TestApp, auth } from '../../helpers/testApp.js';
import { examplePatients, predictBundle, predictParameters } from '../../fhir/fixtures.js';
import { FHIR, expressionsOf, fhirTestApp, riskAssessmentOf } from './fhirApp.js';

const URL_PREDICT = '/fhir/RiskAssessment/$her2-predict';
let t: TestApp;

beforeAll(async () => {
  t = await fhirTestApp();
}, 120_000);
afterAll(async () => t?.close());

const post = (body: unknown, contentType = FHIR, url = URL_PREDICT, key: string = KEYS.predict) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(key), 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The JSON route's distribution for the same patient: the FHIR answer must carry exactly it. */
async function restDistribution(index: number): Promise<Record<string, number>> {
  const patient = examplePatients()[index];
  const res = await post({ patients: [patient] }, 'application/json', '/v1/predictions');
  expect(res.statusCode).toBe(200);
  return (res.json() as { predictions: { distribution: Record<string, number> }[] }).predictions[0]
    .distribution;
}

function distributionOf(bundle: Bundle): Record<string, number> {
  const risk = riskAssessmentOf(bundle);
  return Object.fromEntries(
    risk
      .prediction!.filter((p) => ['over', 'low', 'zero'].includes(p.outcome!.coding![0].code!))
      .map((p) => [p.outcome!.coding![0].code!, p.probabilityDecimal!]),
  );
}

describe('POST /fhir/RiskAssessment/$her2-predict', () => {
  it('answers the example Bundle with a valid R4 Bundle carrying the same probabilities as /v1/predictions', async () => {
    const res = await post(predictBundle());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = res.json() as Bundle;
    expect(validationErrors(bundle)).toEqual([]);
    expect(distributionOf(bundle)).toEqual(await restDistribution(0));
    const risk = riskAssessmentOf(bundle);
    expect(risk.status).toBe('preliminary'); // the demo model is synthetic
    expect(risk.subject).toEqual({ reference: `Patient/${examplePatients()[0].id}` });
    expect(risk.basis).toHaveLength(3);
  });

  it('answers the example Parameters (percentages, one Observation per feature), with application/json too', async () => {
    const res = await post(predictParameters(), 'application/json; charset=utf-8');
    expect(res.statusCode).toBe(200);
    expect(distributionOf(res.json() as Bundle)).toEqual(await restDistribution(1));
  });

  it('accepts application/fhir+json with a charset, and refuses text/plain with an OperationOutcome 415', async () => {
    expect((await post(predictBundle(), 'application/fhir+json; charset=utf-8')).statusCode).toBe(200);
    const res = await post(JSON.stringify(predictBundle()), 'text/plain');
    expect(res.statusCode).toBe(415);
    expect((res.json() as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('refuses invalid FHIR with 400 naming the element', async () => {
    const bundle = predictBundle();
    (bundle.entry![1].resource as unknown as Record<string, unknown>).subject = [{ reference: 'Patient/x' }];
    const res = await post(bundle);
    expect(res.statusCode).toBe(400);
    // (the validator drops the entry's index from this message's path)
    expect(expressionsOf(res.json() as OperationOutcome)).toEqual([
      expect.stringMatching(/^Bundle\.entry(\[1\])?\.resource\.subject$/),
    ]);
  });

  it('refuses two ER results that disagree with 422 naming both', async () => {
    const bundle = predictBundle();
    const er = structuredClone(bundle.entry![1]);
    const obs = er.resource as Observation;
    obs.id = 'er-second';
    er.fullUrl = 'urn:uuid:00000000-0000-4000-8000-0000000000ff'; // fullUrls must be unique (bdl-7)
    obs.valueCodeableConcept!.coding![0].code =
      obs.valueCodeableConcept!.coding![0].code === '10828004' ? '260385009' : '10828004';
    bundle.entry!.push(er);
    const res = await post(bundle);
    expect(res.statusCode).toBe(422);
    expect(expressionsOf(res.json() as OperationOutcome)).toEqual([
      'Bundle.entry[1].resource',
      'Bundle.entry[4].resource',
    ]);
  });

  it('refuses a wrong unit with 422 naming valueQuantity.unit, and lists missing inputs', async () => {
    const bundle = predictBundle();
    const pr = bundle.entry![2].resource as Observation;
    delete pr.valueCodeableConcept;
    pr.valueQuantity = { value: 20, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' };
    (bundle.entry![3].resource as Observation).component!.pop();
    const res = await post(bundle);
    expect(res.statusCode).toBe(422);
    const outcome = res.json() as OperationOutcome;
    expect(outcome.issue.map((i) => [i.code, i.expression?.[0]])).toEqual([
      ['value', 'Bundle.entry[2].resource.valueQuantity.unit'],
      ['required', 'Bundle.entry'],
    ]);
    expect(validationErrors(outcome)).toEqual([]);
  });

  it('refuses an input far outside the training range (422 naming its element) unless allowed', async () => {
    const bundle = predictBundle();
    const panel = bundle.entry![3].resource as Observation;
    panel.component![0].valueQuantity!.value = 1e9;
    const refused = await post(bundle);
    expect(refused.statusCode).toBe(422);
    expect(expressionsOf(refused.json() as OperationOutcome)).toEqual([
      'Bundle.entry[3].resource.component[0]',
    ]);
    const allowed = await post(bundle, FHIR, `${URL_PREDICT}?allowOutOfDistribution=true`);
    expect(allowed.statusCode).toBe(200);
    const notes = riskAssessmentOf(allowed.json() as Bundle).note!.map((n) => n.text);
    expect(notes.some((n) => n.startsWith('Out of distribution'))).toBe(true);
  });

  it('refuses a Bundle that is not a collection, and a Parameters without a patient reference anywhere', async () => {
    const bundle = predictBundle();
    bundle.type = 'searchset';
    const res = await post(bundle);
    expect(res.statusCode).toBe(400);
    expect(expressionsOf(res.json() as OperationOutcome)).toEqual(['Bundle.type']);
    const params = predictParameters();
    params.parameter = params.parameter!.slice(1);
    for (const p of params.parameter) delete (p.resource as Observation).subject;
    const anonymous = await post(params);
    expect(anonymous.statusCode).toBe(422);
    expect((anonymous.json() as OperationOutcome).issue[0].code).toBe('required');
  });

  it('needs the predict role, answering OperationOutcomes', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: URL_PREDICT,
      headers: { 'content-type': FHIR },
      payload: JSON.stringify(predictBundle()),
    });
    expect(none.statusCode).toBe(401);
    expect((none.json() as OperationOutcome).issue[0].code).toBe('security');
    expect((await post(predictBundle(), FHIR, URL_PREDICT, KEYS.train)).statusCode).toBe(403);
  });

  it('writes one audit record without patient data', async () => {
    const before = t.auditLines.length;
    await post(predictBundle());
    const lines = t.auditLines.slice(before).join('\n');
    expect(lines).toContain('fhir-her2-predict');
    expect(lines).not.toContain(examplePatients()[0].id);
  });

  it('never answers 5xx to hostile bodies', async () => {
    const deep =
      '{"resourceType":"Bundle","type":"collection","entry":[{"resource":' +
      '{"resourceType":"Parameters","parameter":[{"name":"x","resource":'.repeat(2000) +
      '{}' +
      '}]}'.repeat(2000) +
      '}]}';
    const hostile: unknown[] = [
      'null',
      '[]',
      '"Bundle"',
      '{}',
      '{"resourceType":"Bundle"',
      '{"__proto__":{"polluted":1},"resourceType":"Bundle","type":"collection"}',
      { resourceType: 'Bundle', type: 'collection', entry: 'x' },
      { resourceType: 'Bundle', type: 'collection', entry: [null, 1, { resource: 'x' }] },
      { resourceType: 'Bundle', type: 'collection' },
      {
        resourceType: 'Parameters',
        parameter: [{ name: 'patient', valueReference: { reference: 'Patient/1' } }],
      },
      { resourceType: 'Patient' },
      { resourceType: 'Observation', status: 'final', code: { text: 'x' } },
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '16112-5' }] },
              valueQuantity: { value: 1e308, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
            },
          },
        ],
      },
      deep,
    ];
    for (const body of hostile) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
      expect((res.json() as OperationOutcome).resourceType).toBe('OperationOutcome');
    }
  });
});
