import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FEATURE_SYSTEM, SNOMED, UCUM } from '../../src/fhir/codes.js';
import { patientInputFromBundle, patientInputFromResources } from '../../src/fhir/observationsToInput.js';
import { examplePatients, inputsOf, predictBundle, predictParameters } from './fixtures.js';

const [first, second] = examplePatients();

/** Index of the entry whose Observation is coded `code` (LOINC or the service's system). */
function entryIndex(bundle: ReturnType<typeof predictBundle>, code: string): number {
  return bundle.entry!.findIndex((e) => (e.resource as Observation).code?.coding?.[0]?.code === code);
}

describe('patientInputFromBundle', () => {
  it('reads the example Bundle back into the patient input it was written from', () => {
    const mapped = patientInputFromBundle(predictBundle().entry!, inputsOf(first));
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.input.features).toEqual(first.features);
    expect(mapped.input.clinical).toEqual(first.clinical);
    expect(mapped.subject).toEqual({ reference: `Patient/${first.id}` });
    // ER, PR and the panel: each used Observation is in the basis, by id
    expect(mapped.basis).toEqual([1, 2, 3].map((n) => ({ reference: `Observation/${first.id}-${n}` })));
  });

  it('reads percentages with the cohort rule (>= 1% positive) and one Observation per feature', () => {
    const params = predictParameters();
    const resources = params.parameter!.filter((p) => p.resource).map((p) => p.resource!);
    const mapped = patientInputFromResources(resources, inputsOf(second), {
      locations: resources.map((_, i) => ({ path: `Parameters.parameter[${i + 1}].resource` })),
      subject: params.parameter![0].valueReference,
    });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.input.clinical).toEqual({ er: 'positive', pr: 'positive' });
    expect(mapped.input.features).toEqual(second.features);
    expect(mapped.basis).toHaveLength(resources.length);
  });

  it('names both elements when two ER results disagree, and does not call ER missing', () => {
    const bundle = predictBundle();
    const er = entryIndex(bundle, '16112-5');
    const copy = structuredClone(bundle.entry![er]);
    (copy.resource as Observation).id = 'er-again';
    (copy.resource as Observation).valueCodeableConcept!.coding![0].code = '260385009';
    bundle.entry!.push(copy);
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.missing).toEqual([]);
    expect(mapped.issues).toHaveLength(1);
    expect(mapped.issues[0].code).toBe('business-rule');
    expect(mapped.issues[0].expression).toEqual([
      `Bundle.entry[${er}].resource`,
      `Bundle.entry[${bundle.entry!.length - 1}].resource`,
    ]);
  });

  it('accepts a duplicate that agrees (a percentage and a coded positive)', () => {
    const bundle = predictBundle();
    bundle.entry!.push({
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '16112-5' }] },
        valueQuantity: { value: 80, unit: '%', system: UCUM, code: '%' },
      },
    });
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(true);
  });

  it('refuses a percentage in the wrong unit, naming valueQuantity.unit', () => {
    const bundle = predictBundle();
    const er = entryIndex(bundle, '16112-5');
    const obs = bundle.entry![er].resource as Observation;
    delete obs.valueCodeableConcept;
    obs.valueQuantity = { value: 35, unit: 'mg', system: UCUM, code: 'mg' };
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.issues.map((i) => [i.code, i.expression])).toEqual([
      ['value', [`Bundle.entry[${er}].resource.valueQuantity.unit`]],
    ]);
  });

  it('refuses a percentage above 100 and a unit code outside UCUM', () => {
    const bundle = predictBundle();
    const er = entryIndex(bundle, '16112-5');
    const pr = entryIndex(bundle, '16113-3');
    const erObs = bundle.entry![er].resource as Observation;
    delete erObs.valueCodeableConcept;
    erObs.valueQuantity = { value: 135, unit: '%', system: UCUM, code: '%' };
    const prObs = bundle.entry![pr].resource as Observation;
    delete prObs.valueCodeableConcept;
    prObs.valueQuantity = { value: 5, system: 'http://example.org/units', code: '%' };
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.issues.map((i) => i.expression[0])).toEqual([
      `Bundle.entry[${er}].resource.valueQuantity.value`,
      `Bundle.entry[${pr}].resource.valueQuantity.system`,
    ]);
  });

  it('refuses an ER value coded other than positive / negative, and a feature code outside the grammar', () => {
    const bundle = predictBundle();
    const er = entryIndex(bundle, '16112-5');
    (bundle.entry![er].resource as Observation).valueCodeableConcept = {
      coding: [{ system: SNOMED, code: '42425007' }],
    };
    const panel = entryIndex(bundle, 'radiomics-panel');
    const component = (bundle.entry![panel].resource as Observation).component!;
    component.push({
      code: { coding: [{ system: FEATURE_SYSTEM, code: 'SUVpeak' }] },
      valueQuantity: { value: 3 },
    });
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.issues.map((i) => [i.code, i.expression[0]])).toEqual([
      ['code-invalid', `Bundle.entry[${er}].resource.valueCodeableConcept.coding[0].code`],
      [
        'code-invalid',
        `Bundle.entry[${panel}].resource.component[${component.length - 1}].code.coding[0].code`,
      ],
    ]);
    // ER was sent: unusable, but not missing
    expect(mapped.missing).toEqual([]);
  });

  it('lists missing inputs: a retracted result, a dropped component, a value absent with a reason', () => {
    const bundle = predictBundle();
    (bundle.entry![entryIndex(bundle, '16113-3')].resource as Observation).status = 'entered-in-error';
    const panel = bundle.entry![entryIndex(bundle, 'radiomics-panel')].resource as Observation;
    const dropped = panel.component!.shift()!.code.coding![0].code!;
    const absent = panel.component![0];
    delete absent.valueQuantity;
    absent.dataAbsentReason = { text: 'not computed' };
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.missing).toEqual(['pr', dropped, absent.code.coding![0].code]);
    expect(mapped.issues.every((i) => i.code === 'required' && i.expression[0] === 'Bundle.entry')).toBe(
      true,
    );
    expect(mapped.issues.map((i) => i.diagnostics)[0]).toContain('LOINC 16113-3');
  });

  it('refuses Observations of two different patients', () => {
    const bundle = predictBundle();
    const pr = entryIndex(bundle, '16113-3');
    (bundle.entry![pr].resource as Observation).subject = { reference: 'Patient/someone-else' };
    const mapped = patientInputFromBundle(bundle.entry!, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.issues[0].code).toBe('business-rule');
    expect(mapped.issues[0].expression).toContain(`Bundle.entry[${pr}].resource.subject`);
  });

  it('ignores resources it does not read and survives hostile shapes without throwing', () => {
    const hostile = [
      null,
      42,
      { resourceType: 'Observation' },
      { resourceType: 'Observation', status: 'final', code: 'x', component: 'y' },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [null, 5, { system: FEATURE_SYSTEM }] },
      },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '16112-5' }] },
        valueQuantity: { value: '35', unit: '%', system: UCUM, code: '%' },
      },
      { resourceType: 'Condition' },
    ];
    const mapped = patientInputFromResources(hostile as never, inputsOf(first));
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.issues.filter((i) => i.code !== 'required').map((i) => i.expression[0])).toEqual([
      'Bundle.entry[4].resource.code.coding[2].code',
      'Bundle.entry[5].resource.valueQuantity.value',
    ]);
  });
});
