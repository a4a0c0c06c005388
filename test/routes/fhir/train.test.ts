import type { Bundle, Observation, OperationOutcome, Parameters } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCohortText } from '../../../src/cohort/parseCohort.js';
import { demoAsCohort, generateDemoCohort } from '../../../src/demo/index.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';
import { trainBundle } from '../../fhir/fixtures.js';
import { FHIR, expressionsOf } from './fhirApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t?.close());

const post = (body: unknown, query = '', key: string = KEYS.train) =>
  t.app.inject({
    method: 'POST',
    url: `/fhir/$her2-train${query}`,
    headers: { ...auth(key), 'content-type': FHIR },
    payload: JSON.stringify(body),
  });

describe('POST /fhir/$her2-train', () => {
  it('queues the same job as the CSV route: a cohort the cohort parser reads with the demo labels', async () => {
    const res = await post(trainBundle(), '?activate=true');
    expect(res.statusCode).toBe(202);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/v1\/training-jobs\/.+/);
    expect((res.json() as OperationOutcome).issue[0].diagnostics).toContain('120 patients');
    await vi.waitFor(() => expect(t.trainer.requests).toHaveLength(1));
    const request = t.trainer.requests[0];
    const cohort = parseCohortText(request.cohortCsv, { source: 'fhir' });
    expect(cohort.synthetic).toBe(true); // the Bundle is labelled HTEST
    // The IHC / ISH results map back, by the ASCO/CAP rule, to the demo cohort's statuses.
    const demo = demoAsCohort(generateDemoCohort());
    const statusOf = new Map(demo.patientIds.map((id, i) => [`Patient/${id}`, demo.labels[i]]));
    expect(cohort.patientIds.map((id) => statusOf.get(id))).toEqual(cohort.labels);
    expect(new Set(cohort.sites)).toEqual(new Set(['institution1', 'institution2']));
    expect(cohort.featureNames).toHaveLength(21);
    const job = await t.app.inject({ method: 'GET', url: location, headers: auth(KEYS.train) });
    expect(job.statusCode).toBe(200);
  });

  it('takes Parameters with cohort, activate and config', async () => {
    const params: Parameters = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'cohort', resource: trainBundle() },
        { name: 'activate', valueBoolean: false },
        { name: 'config', valueString: JSON.stringify({ classifiers: ['lr'] }) },
      ],
    };
    const before = t.trainer.requests.length;
    const res = await post(params);
    expect(res.statusCode).toBe(202);
    await vi.waitFor(() => expect(t.trainer.requests.length).toBe(before + 1));
    expect(t.trainer.requests[before].config).toEqual({ classifiers: ['lr'] });
  });

  it('refuses a config the trainer would refuse (400), and nothing is queued', async () => {
    const before = t.trainer.requests.length;
    const res = await post({
      resourceType: 'Parameters',
      parameter: [
        { name: 'cohort', resource: trainBundle() },
        { name: 'config', valueString: JSON.stringify({ classifiers: ['nope'] }) },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as OperationOutcome).resourceType).toBe('OperationOutcome');
    expect(t.trainer.requests.length).toBe(before);
  });

  it('refuses a patient without an IHC result, and an IHC value that is not a score, naming them', async () => {
    const bundle: Bundle = trainBundle();
    const ihcIndexes = bundle.entry!.flatMap((e, i) =>
      (e.resource as Observation).code?.coding?.[0]?.code === '18474-7' ? [i] : [],
    );
    const dropped = bundle.entry![ihcIndexes[0]].resource as Observation;
    (bundle.entry![ihcIndexes[1]].resource as Observation).valueCodeableConcept = { text: '4+' };
    bundle.entry!.splice(ihcIndexes[0], 1);
    const res = await post(bundle);
    expect(res.statusCode).toBe(422);
    const expressions = expressionsOf(res.json() as OperationOutcome);
    expect(expressions).toContain(`Bundle.entry[${ihcIndexes[1] - 1}].resource.valueCodeableConcept`);
    expect(expressions).toContain(
      `Bundle.entry.resource.where(subject.reference = '${dropped.subject!.reference}')`,
    );
  });

  it('refuses a large Bundle that is not valid R4 (400 naming the element; validated in the worker thread)', async () => {
    const bundle = trainBundle();
    expect(bundle.entry!.length).toBeGreaterThan(50); // the worker-thread path
    const late = bundle.entry!.length - 3;
    (bundle.entry![late].resource as unknown as Record<string, unknown>).valueQuantity = { value: 'high' };
    const before = t.trainer.requests.length;
    const res = await post(bundle);
    expect(res.statusCode).toBe(400);
    expect(expressionsOf(res.json() as OperationOutcome).join(' ')).toContain(`Bundle.entry[${late}]`);
    expect(t.trainer.requests.length).toBe(before);
  });

  it('needs the train role', async () => {
    expect((await post(trainBundle(), '', KEYS.predict)).statusCode).toBe(403);
  });
});
