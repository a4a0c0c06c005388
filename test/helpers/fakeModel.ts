/**
 * TEST DOUBLE of Her2Model: a simple deterministic function of the inputs (no classifier), with the
 * same validation contract as the real loader (MissingInputError / InvalidInputError).
 */
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import {
  type Her2Model,
  InvalidInputError,
  MissingInputError,
  type PatientInput,
  type PatientPrediction,
} from '../../src/model/her2Model.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function receptor(patientId: string, field: string, v: number | string | undefined): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InvalidInputError(patientId, field, 'must be finite');
    return v >= 1 ? 1 : 0;
  }
  if (v === 'positive') return 1;
  if (v === 'negative') return 0;
  throw new InvalidInputError(patientId, field, "must be 'positive', 'negative' or a percentage");
}

export class FakeHer2Model implements Her2Model {
  readonly id: string;
  readonly synthetic: boolean;
  readonly requiredFeatures: readonly string[];
  readonly requiredClinical: readonly string[];
  private readonly required: Set<string>;

  constructor(readonly artifact: ModelArtifact) {
    this.id = artifact.id;
    this.synthetic = artifact.synthetic;
    this.requiredFeatures = artifact.input.features;
    this.requiredClinical = artifact.input.clinical;
    this.required = new Set(this.requiredFeatures);
  }

  predict(patients: readonly PatientInput[]): PatientPrediction[] {
    return patients.map((p) => {
      const missing = [
        ...this.requiredFeatures.filter((f) => p.features[f] === undefined),
        ...this.requiredClinical.filter((c) => p.clinical[c] === undefined),
      ];
      if (missing.length > 0) throw new MissingInputError(p.id, missing);
      let s = 0;
      const warnings: string[] = [];
      for (const f of this.requiredFeatures) {
        const v = p.features[f];
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new InvalidInputError(p.id, `features.${f}`, 'must be a finite number');
        const r = this.artifact.input.ranges[f];
        if (r && (v < r.min || v > r.max))
          warnings.push(`${f} = outside the training range [${r.min}, ${r.max}]`);
        s += v;
      }
      s /= Math.max(1, this.requiredFeatures.length);
      const er = receptor(p.id, 'clinical.er', p.clinical.er);
      const pr = receptor(p.id, 'clinical.pr', p.clinical.pr);
      const raw: Record<Her2Status, number> = {
        over: sigmoid(s - 0.5 * er),
        low: sigmoid(0.5 * (er + pr) - Math.abs(s)),
        zero: sigmoid(-s - 0.5 * pr),
      };
      const total = raw.over + raw.low + raw.zero;
      const distribution = { over: raw.over / total, low: raw.low / total, zero: raw.zero / total };
      const status = HER2_STATUSES.reduce((a, b) => (distribution[b] > distribution[a] ? b : a));
      return {
        id: p.id,
        tasks: {
          over: {
            probability: raw.over,
            classifier: this.artifact.tasks.over.best,
            description: 'P(HER2-over)',
          },
          low: { probability: raw.low, classifier: this.artifact.tasks.low.best, description: 'P(HER2-low)' },
          zero: {
            probability: raw.zero,
            classifier: this.artifact.tasks.zero.best,
            description: 'P(HER2-zero)',
          },
        },
        distribution,
        status,
        warnings,
        ignoredFeatures: Object.keys(p.features).filter((f) => !this.required.has(f)),
        outOfDistribution: false,
      };
    });
  }
}

export const fakeModelLoader = (artifact: ModelArtifact): Her2Model => new FakeHer2Model(artifact);

/** A patient the fake model (with default features) accepts. */
export function fakePatient(id: string, shift = 0, extra: Record<string, number> = {}): PatientInput {
  return {
    id,
    features: {
      original_firstorder_Mean: 0.3 + shift,
      original_glcm_Contrast: -0.2 + shift,
      'wavelet-LLH_glszm_ZoneEntropy': 1.1 + shift,
      original_shape_Sphericity: 0.05 + shift,
      ...extra,
    },
    clinical: { er: 'positive', pr: 12 },
  };
}

export const fakeRenderReport = (a: ModelArtifact): string =>
  `<!doctype html><html><head><title>Model ${a.id}</title></head><body><h1>Model ${a.id}</h1>${a.synthetic ? '<p>Synthetic data</p>' : ''}</body></html>`;
