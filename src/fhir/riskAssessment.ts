/**
 * A prediction as FHIR R4: a Bundle (type collection) of a RiskAssessment, the Device that is the
 * model, and a Provenance linking them to the input Observations, after the AI Transparency on FHIR
 * IG where R4 allows: the RiskAssessment carries the AIAST security label ("asserted by AI"), the
 * Device names the model (content-addressed id, version, intended use, model card), the Provenance
 * has the Device as its performing agent and the Observations as its sources. The RiskAssessment has
 * one prediction per HER2 status (the coupled three-class distribution) and one per task of the model.
 * Pure: ids are derived from the content, the time is a parameter.
 */
import { createHash } from 'node:crypto';
import type {
  Annotation,
  Bundle,
  CodeableConcept,
  Device,
  Provenance,
  Reference,
  RiskAssessment,
  RiskAssessmentPrediction,
} from '@medplum/fhirtypes';
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import type { ModelArtifact } from '../model/artifact.js';
import type { PatientPrediction } from '../model/her2Model.js';
import { SYNTHETIC_WARNING } from '../registry/summary.js';
import { AI_ASSERTED, MODEL_ID_SYSTEM, OUTCOME_SYSTEM, V3_OBSERVATION_VALUE } from './codes.js';

/** What the Bundle says about the model. */
export type PredictionModel = Pick<ModelArtifact, 'id' | 'createdAt' | 'synthetic'>;

export interface PredictionBundleOptions {
  /** When the assessment was made (default now). */
  now?: Date;
  /** Where the model card is (default the REST route /v1/models/<id>). */
  modelCardUrl?: string;
  /** The service's software version (package.json), as the Device's software version. */
  softwareVersion?: string;
}

export const STATUS_DISPLAY: Record<Her2Status, string> = {
  over: 'HER2-over (IHC 3+, or IHC 2+ with ISH amplification)',
  low: 'HER2-low (IHC 1+, or IHC 2+ without ISH amplification)',
  zero: 'HER2-zero (IHC 0)',
};

export const INTENDED_USE =
  'Research use only; not a medical device. Estimates the probability of each HER2 expression status ' +
  '(HER2-over, HER2-low, HER2-zero) of a breast cancer from PET/CT radiomic features of the index lesion ' +
  'and ER/PR status. HER2 status must be established by IHC / ISH.';

/** A UUID-shaped id from a hash of the content (RFC 9562 version 8: custom), so equal inputs give equal ids. */
function contentUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function outcome(code: string, display: string): CodeableConcept {
  return { coding: [{ system: OUTCOME_SYSTEM, code, display }], text: display };
}

function predictions(prediction: PatientPrediction): RiskAssessmentPrediction[] {
  const out: RiskAssessmentPrediction[] = [];
  const distribution = prediction.distribution;
  if (distribution) {
    for (const s of HER2_STATUSES)
      out.push({
        outcome: outcome(s, STATUS_DISPLAY[s]),
        probabilityDecimal: distribution[s],
        rationale:
          'Three-class distribution coupled from the calibrated one-vs-rest task probabilities (sums to 1)',
      });
  }
  // A task without a probability (patient outside its subgroup) is a note instead: R4's invariant ras-2
  // on a prediction without probability is misjudged by the validator (empty taken as false).
  for (const [name, task] of Object.entries(prediction.tasks)) {
    if (task.probability === null) continue;
    out.push({
      outcome: outcome(`task-${name}`, `Task ${name}: ${task.description}`),
      probabilityDecimal: task.probability,
      rationale: `${task.description}; classifier ${task.classifier}`,
    });
  }
  return out;
}

function notes(prediction: PatientPrediction, model: PredictionModel): Annotation[] {
  const texts = [
    ...(model.synthetic ? [SYNTHETIC_WARNING] : []),
    ...(prediction.outOfDistribution
      ? [
          'Out of distribution: an input lies beyond the bound where the model is trusted; predicted only because the request allowed it.',
        ]
      : []),
    ...prediction.warnings,
    ...Object.entries(prediction.tasks).flatMap(([name, task]) =>
      task.probability === null
        ? [`Task ${name} (${task.description}): not applicable: ${task.notApplicable ?? 'no probability'}`]
        : [],
    ),
    ...(prediction.ignoredFeatures.length > 0
      ? [`Inputs the model does not use were ignored: ${prediction.ignoredFeatures.join(', ')}`]
      : []),
    INTENDED_USE,
  ];
  return texts.map((text) => ({ text }));
}

function modelDevice(
  id: string,
  model: PredictionModel,
  options: PredictionBundleOptions,
  cardUrl: string,
): Device {
  return {
    resourceType: 'Device',
    id,
    identifier: [{ system: MODEL_ID_SYSTEM, value: model.id }],
    status: 'active',
    manufacturer: 'her2-radiomics service',
    deviceName: [{ name: `HER2 radiomics model ${model.id.slice(0, 12)}`, type: 'model-name' }],
    type: { text: 'AI/ML software: calibrated classifiers of HER2 expression status from PET/CT radiomics' },
    version: [
      { type: { text: 'model (sha256 of the artifact)' }, value: model.id },
      ...(options.softwareVersion ? [{ type: { text: 'software' }, value: options.softwareVersion }] : []),
    ],
    note: [
      { text: `Intended use: ${INTENDED_USE}` },
      {
        text: `Model card: ${cardUrl}; trained ${model.createdAt}${model.synthetic ? ' on SYNTHETIC data' : ''}.`,
      },
      ...(model.synthetic ? [{ text: SYNTHETIC_WARNING }] : []),
    ],
  };
}

/**
 * The Bundle of one patient's prediction. `basis`: the input Observations (from
 * patientInputFromResources); `subject`: the patient.
 */
export function buildPredictionBundle(
  prediction: PatientPrediction,
  model: PredictionModel,
  basis: readonly Reference[],
  subject: Reference,
  options: PredictionBundleOptions = {},
): Bundle {
  const now = (options.now ?? new Date()).toISOString();
  const cardUrl = options.modelCardUrl ?? `/v1/models/${model.id}`;
  const seed = JSON.stringify([model.id, subject, basis, prediction, now]);
  const ids = {
    risk: contentUuid(seed, 'RiskAssessment'),
    device: contentUuid(model.id, 'Device'),
    provenance: contentUuid(seed, 'Provenance'),
  };
  const urn = (id: string) => `urn:uuid:${id}`;

  const risk: RiskAssessment = {
    resourceType: 'RiskAssessment',
    id: ids.risk,
    meta: {
      security: [
        { system: V3_OBSERVATION_VALUE, code: AI_ASSERTED, display: 'Artificial Intelligence asserted' },
      ],
    },
    status: model.synthetic ? 'preliminary' : 'final',
    code: outcome('her2-status', 'HER2 expression status (over / low / zero) predicted from radiomics'),
    method: {
      coding: [
        { system: MODEL_ID_SYSTEM, code: model.id, display: `HER2 radiomics model ${model.id.slice(0, 12)}` },
      ],
      text: `HER2 radiomics model ${model.id}${model.synthetic ? ' (trained on SYNTHETIC data)' : ''}`,
    },
    subject: subject as RiskAssessment['subject'],
    occurrenceDateTime: now,
    performer: { reference: urn(ids.device) },
    ...(basis.length > 0 ? { basis: [...basis] } : {}),
    prediction: predictions(prediction),
    note: notes(prediction, model),
  };
  const provenance: Provenance = {
    resourceType: 'Provenance',
    id: ids.provenance,
    target: [{ reference: urn(ids.risk) }],
    recorded: now,
    activity: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
          code: 'CREATE',
          display: 'create',
        },
      ],
    },
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'performer',
              display: 'Performer',
            },
          ],
        },
        who: { reference: urn(ids.device) },
      },
    ],
    ...(basis.length > 0 ? { entity: basis.map((what) => ({ role: 'source' as const, what })) } : {}),
  };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now,
    entry: [
      { fullUrl: urn(ids.risk), resource: risk },
      { fullUrl: urn(ids.device), resource: modelDevice(ids.device, model, options, cardUrl) },
      { fullUrl: urn(ids.provenance), resource: provenance },
    ],
  };
}
