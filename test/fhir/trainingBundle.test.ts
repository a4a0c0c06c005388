import type { Bundle, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parseCohortText } from '../../src/cohort/parseCohort.js';
import { cohortCsvFromBundle } from '../../src/fhir/trainingBundle.js';
import { trainBundle } from './fixtures.js';

const codeOf = (e: { resource?: unknown }) => (e.resource as Observation).code?.coding?.[0]?.code;

/** A small Bundle: the first `n` patients of the training example (their entries are contiguous). */
function firstPatients(n: number): Bundle {
  const bundle = trainBundle();
  const starts = bundle.entry!.flatMap((e, i) => (e.resource?.resourceType === 'Patient' ? [i] : []));
  bundle.entry = bundle.entry!.slice(0, starts[n]);
  return bundle;
}

describe('cohortCsvFromBundle', () => {
  it('writes one row per patient that the cohort parser reads, synthetic only when labelled HTEST', () => {
    const bundle = firstPatients(5);
    const converted = cohortCsvFromBundle(bundle);
    expect(converted.ok).toBe(true);
    if (!converted.ok) return;
    expect(parseCohortText(converted.csv).patientIds).toHaveLength(5);
    expect(converted.synthetic).toBe(true);
    delete bundle.meta;
    const unlabelled = cohortCsvFromBundle(bundle);
    expect(unlabelled.ok && unlabelled.synthetic).toBe(false);
  });

  it('names two IHC results of one patient that disagree, and an Observation without a patient', () => {
    const bundle = firstPatients(2);
    const ihc = bundle.entry!.findIndex((e) => codeOf(e) === '18474-7');
    const copy = structuredClone(bundle.entry![ihc]);
    const obs = copy.resource as Observation;
    obs.valueCodeableConcept = { text: obs.valueCodeableConcept!.text === '0' ? '3+' : '0' };
    copy.fullUrl = 'urn:uuid:00000000-0000-4000-8002-000000000001';
    const orphan = structuredClone(bundle.entry![1]);
    delete (orphan.resource as Observation).subject;
    orphan.fullUrl = 'urn:uuid:00000000-0000-4000-8002-000000000002';
    bundle.entry!.push(copy, orphan);
    const converted = cohortCsvFromBundle(bundle);
    expect(converted.ok).toBe(false);
    if (converted.ok) return;
    const n = bundle.entry!.length;
    expect(converted.issues.map((i) => [i.code, i.expression])).toEqual([
      ['business-rule', [`Bundle.entry[${ihc}].resource`, `Bundle.entry[${n - 2}].resource`]],
      ['required', [`Bundle.entry[${n - 1}].resource.subject`]],
    ]);
  });

  it('refuses a patient lacking a feature the others have, unless the config imputes missing values', () => {
    const bundle = firstPatients(3);
    const panel = bundle.entry!.findIndex((e) => codeOf(e) === 'radiomics-panel');
    (bundle.entry![panel].resource as Observation).component!.pop();
    const refused = cohortCsvFromBundle(bundle);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues).toHaveLength(1);
    expect(refused.issues[0].expression[0]).toMatch(
      /^Bundle\.entry\.resource\.where\(subject\.reference = 'Patient\//,
    );
    expect(cohortCsvFromBundle(bundle, { imputeMissing: true }).ok).toBe(true);
  });
});
