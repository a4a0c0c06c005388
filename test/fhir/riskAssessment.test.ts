import type { Device, Provenance, RiskAssessment } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { MODEL_ID_SYSTEM } from '../../src/fhir/codes.js';
import { buildPredictionBundle } from '../../src/fhir/riskAssessment.js';
import { validationErrors } from '../../src/fhir/validate.js';
import type { PatientPrediction } from '../../src/model/her2Model.js';
import { SYNTHETIC_WARNING } from '../../src/registry/summary.js';

const prediction: PatientPrediction = {
  id: 'Patient/p1',
  status: 'over',
  distribution: { over: 0.709, low: 0.055, zero: 0.236 },
  tasks: {
    over: { probability: 0.403, classifier: 'rf', description: 'calibrated P(HER2-over)' },
    low: { probability: 0.025, classifier: 'lr', description: 'calibrated P(HER2-low)' },
    zero: { probability: 0.17, classifier: 'lr', description: 'calibrated P(HER2-zero)' },
    'low-vs-zero': {
      probability: null,
      classifier: 'lr',
      description: 'P(low | low or zero)',
      notApplicable: 'outside the subgroup',
    },
  },
  warnings: ['pet_x = 9 is 4.1 training SDs above its training range [0, 1]'],
  ignoredFeatures: ['ct_unused'],
  outOfDistribution: true,
};
const model = { id: 'a'.repeat(64), createdAt: '2025-01-01T00:00:00.000Z', synthetic: true };
const basis = [
  { reference: 'Observation/er' },
  { reference: 'urn:uuid:00000000-0000-4000-8000-000000000002' },
];
const subject = { reference: 'Patient/p1' };
const now = new Date('2025-02-03T04:05:06.000Z');

function parts(bundle: ReturnType<typeof buildPredictionBundle>) {
  const [risk, device, provenance] = bundle.entry!;
  return {
    risk: risk.resource as RiskAssessment,
    device: device.resource as Device,
    provenance: provenance.resource as Provenance,
    urls: bundle.entry!.map((e) => e.fullUrl),
  };
}

describe('buildPredictionBundle', () => {
  it('is a valid R4 Bundle of RiskAssessment, Device and Provenance, linked by fullUrl', () => {
    const bundle = buildPredictionBundle(prediction, model, basis, subject, {
      now,
      softwareVersion: '0.1.0',
    });
    expect(validationErrors(bundle)).toEqual([]);
    expect(bundle.type).toBe('collection');
    const { risk, device, provenance, urls } = parts(bundle);
    expect(risk.performer).toEqual({ reference: urls[1] });
    expect(provenance.target).toEqual([{ reference: urls[0] }]);
    expect(provenance.agent[0].who).toEqual({ reference: urls[1] });
    expect(provenance.entity!.map((e) => e.what)).toEqual(basis);
    expect(risk.basis).toEqual(basis);
    expect(risk.subject).toEqual(subject);
    expect(device.identifier).toEqual([{ system: MODEL_ID_SYSTEM, value: model.id }]);
    expect(risk.method!.coding![0].code).toBe(model.id);
    expect(risk.meta!.security![0].code).toBe('AIAST');
  });

  it('has one prediction per HER2 status with the coupled distribution, and one per task', () => {
    const { risk } = parts(buildPredictionBundle(prediction, model, basis, subject, { now }));
    const byCode = Object.fromEntries(risk.prediction!.map((p) => [p.outcome!.coding![0].code, p]));
    expect(Object.keys(byCode)).toEqual(['over', 'low', 'zero', 'task-over', 'task-low', 'task-zero']);
    expect(['over', 'low', 'zero'].map((s) => byCode[s].probabilityDecimal)).toEqual([0.709, 0.055, 0.236]);
    expect(byCode['task-over'].probabilityDecimal).toBe(0.403);
    // the task without a probability is a note, not a prediction
    const notes = risk.note!.map((n) => n.text);
    expect(notes.some((n) => n.startsWith('Task low-vs-zero') && n.includes('outside the subgroup'))).toBe(
      true,
    );
  });

  it('is preliminary with the synthetic and out-of-distribution warnings for a synthetic model, final otherwise', () => {
    const synthetic = parts(buildPredictionBundle(prediction, model, basis, subject, { now })).risk;
    expect(synthetic.status).toBe('preliminary');
    const notes = synthetic.note!.map((n) => n.text);
    expect(notes).toContain(SYNTHETIC_WARNING);
    expect(notes).toContain(prediction.warnings[0]);
    expect(notes.some((n) => n.startsWith('Out of distribution'))).toBe(true);
    expect(notes.some((n) => n.includes('ct_unused'))).toBe(true);
    const real = parts(
      buildPredictionBundle(
        { ...prediction, outOfDistribution: false, warnings: [] },
        { ...model, synthetic: false },
        basis,
        subject,
        { now },
      ),
    ).risk;
    expect(real.status).toBe('final');
    expect(real.note!.map((n) => n.text)).not.toContain(SYNTHETIC_WARNING);
  });

  it('derives ids from the content: the same prediction gives the same Bundle, another time another RiskAssessment', () => {
    const a = buildPredictionBundle(prediction, model, basis, subject, { now });
    expect(buildPredictionBundle(prediction, model, basis, subject, { now })).toEqual(a);
    const later = buildPredictionBundle(prediction, model, basis, subject, {
      now: new Date(now.getTime() + 1000),
    });
    expect(parts(later).urls[0]).not.toBe(parts(a).urls[0]);
    expect(parts(later).urls[1]).toBe(parts(a).urls[1]); // the same model is the same Device
  });

  it('leaves out the distribution for a model without the three one-vs-rest tasks', () => {
    const pairwise: PatientPrediction = {
      ...prediction,
      distribution: null,
      status: null,
      tasks: { 'low-vs-zero': { probability: 0.6, classifier: 'lr', description: 'P(low | low or zero)' } },
    };
    const bundle = buildPredictionBundle(pairwise, model, [], subject, { now });
    expect(validationErrors(bundle)).toEqual([]);
    expect(parts(bundle).risk.prediction!.map((p) => p.outcome!.coding![0].code)).toEqual([
      'task-low-vs-zero',
    ]);
  });
});
