import { describe, expect, it } from 'vitest';
import { featureCodeSystem } from '../../src/fhir/featureCodeSystem.js';
import { validateFhir, validationErrors } from '../../src/fhir/validate.js';
import { examplePatients, predictBundle, predictParameters, trainBundle } from './fixtures.js';

const observation = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '16112-5' }] },
  ...extra,
});

describe('validateFhir (the @medplum/core validator on the official R4 definitions)', () => {
  it('accepts the example requests and the published CodeSystem', () => {
    expect(validationErrors(predictBundle())).toEqual([]);
    expect(validationErrors(predictParameters())).toEqual([]);
    expect(validationErrors(trainBundle())).toEqual([]);
    expect(validationErrors(featureCodeSystem(Object.keys(examplePatients()[0].features)))).toEqual([]);
    expect(validateFhir(observation())).toEqual([]);
  });

  it('refuses a missing required element (cardinality 1..1)', () => {
    const { status: _status, ...noStatus } = observation();
    expect(validationErrors(noStatus).map((i) => i.expression)).toEqual([['Observation.status']]);
  });

  it('refuses an array where one value is allowed (cardinality 0..1)', () => {
    const issues = validationErrors(observation({ subject: [{ reference: 'Patient/1' }] }));
    expect(issues.map((i) => i.expression)).toEqual([['Observation.subject']]);
  });

  it('refuses a value of the wrong type', () => {
    const issues = validationErrors(observation({ valueQuantity: { value: '35' } }));
    expect(issues).toHaveLength(1);
    expect(issues[0].expression[0]).toMatch(/^Observation\.value(\[x\]|Quantity)\.value$/);
    expect(issues[0].diagnostics).toMatch(/number/);
  });

  it('refuses an unknown element, and two choices of value[x] at once', () => {
    expect(validationErrors(observation({ colour: 'red' })).map((i) => i.expression)).toEqual([
      ['Observation.colour'],
    ]);
    const both = validationErrors(observation({ valueString: 'positive', valueQuantity: { value: 1 } }));
    expect(both).toHaveLength(1);
    expect(both[0].diagnostics).toMatch(/choice/i);
  });

  it('names the element inside a Bundle entry by FHIRPath', () => {
    const bundle = predictBundle();
    delete (bundle.entry![2].resource as { status?: string }).status;
    expect(validationErrors(bundle).map((i) => i.expression)).toEqual([['Bundle.entry[2].resource.status']]);
  });

  it('refuses what is not a resource at all', () => {
    for (const bad of [null, 42, 'Observation', [], {}, { resourceType: 'NoSuchResource' }])
      expect(validationErrors(bad)).toHaveLength(1);
  });

  it('refuses a malformed primitive (a date that is not one)', () => {
    const issues = validationErrors(observation({ effectiveDateTime: '15/01/2025' }));
    expect(issues.map((i) => i.expression[0])).toEqual([expect.stringMatching(/^Observation\.effective/)]);
  });
});
