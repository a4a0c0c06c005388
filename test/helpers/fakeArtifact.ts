/**
 * TEST DOUBLE: builds ModelArtifact documents with realistic metric fields but no real classifier
 * state. Only for tests and the bench; the real artifacts come from src/pipeline/.
 */
import { createHash } from 'node:crypto';
import { CLASSIFIER_KINDS, type ClassifierKind } from '../../src/classifiers/classifier.js';
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import {
  ARTIFACT_SCHEMA_VERSION,
  type ClassifierResult,
  type ModelArtifact,
  type SetMetrics,
  type TaskArtifact,
} from '../../src/model/artifact.js';

export interface FakeArtifactOptions {
  /** Distinguishes artifacts (changes the id). */
  label?: string;
  synthetic?: boolean;
  /** Radiomic features the model needs. */
  features?: string[];
  /** Internal-validation AUC of each task's best classifier (a number applies to all tasks). */
  validationAuc?: number | Partial<Record<Her2Status, number>>;
  createdAt?: string;
}

export const DEFAULT_FEATURES = [
  'original_firstorder_Mean',
  'original_glcm_Contrast',
  'wavelet-LLH_glszm_ZoneEntropy',
  'original_shape_Sphericity',
];

function metrics(auc: number, n: number, nPositive: number): SetMetrics {
  const se = 0.04;
  return {
    n,
    nPositive,
    auc,
    ci95: [Math.max(0, auc - 1.96 * se), Math.min(1, auc + 1.96 * se)],
    aucStandardError: se,
    threshold: 0.42,
    sensitivity: 0.78,
    specificity: 0.74,
    accuracy: 0.75,
    brier: 0.17,
    calibrationIntercept: 0.03,
    calibrationSlope: 0.94,
    ece: 0.05,
    roc: [
      { fpr: 0, tpr: 0, threshold: 1 },
      { fpr: 0.26, tpr: 0.78, threshold: 0.42 },
      { fpr: 1, tpr: 1, threshold: 0 },
    ],
    reliability: [
      { lower: 0, upper: 0.5, count: Math.floor(n / 2), meanPredicted: 0.25, observedRate: 0.22 },
      { lower: 0.5, upper: 1, count: n - Math.floor(n / 2), meanPredicted: 0.72, observedRate: 0.7 },
    ],
  };
}

function classifierResult(kind: ClassifierKind, auc: number): ClassifierResult {
  return {
    kind,
    hyperparameters: kind === 'knn' ? { k: 7 } : kind === 'rf' ? { trees: 200 } : { C: 1 },
    cvAuc: auc - 0.01,
    tuning: [{ hyperparameters: { C: 1 }, cvAuc: auc - 0.01 }],
    classifier: { kind, hyperparameters: {}, state: { fake: true } },
    calibration: { method: 'sigmoid', a: -4, b: 2 },
    threshold: 0.42,
    metrics: { training: metrics(Math.min(0.99, auc + 0.05), 180, 60), validation: metrics(auc, 78, 26) },
  };
}

export function makeFakeArtifact(opts: FakeArtifactOptions = {}): ModelArtifact {
  const features = opts.features ?? DEFAULT_FEATURES;
  const aucFor = (t: Her2Status): number =>
    typeof opts.validationAuc === 'number' ? opts.validationAuc : (opts.validationAuc?.[t] ?? 0.8);
  const tasks = {} as Record<Her2Status, TaskArtifact>;
  for (const t of HER2_STATUSES) {
    const models = {} as Record<ClassifierKind, ClassifierResult>;
    for (const k of CLASSIFIER_KINDS)
      models[k] = classifierResult(k, k === 'lr' ? aucFor(t) : aucFor(t) - 0.03);
    tasks[t] = {
      definition: { name: t, positive: [t], negative: 'rest' },
      description: `HER2-${t} vs. others`,
      selectedFeatures: features,
      clinicalFeatures: ['er', 'pr'],
      inputs: [...features, 'er', 'pr'],
      scaler: { mean: [...features, 'er', 'pr'].map(() => 0), std: [...features, 'er', 'pr'].map(() => 1) },
      selection: {
        kind: 'welch-mrmr',
        candidates: 1906,
        passedFilter: 120,
        scores: Object.fromEntries(features.map((f) => [f, 0.001])),
        details: { test: 'welch', pThreshold: 0.05, mrmrCriterion: 'MID', k: features.length },
      },
      best: 'lr',
      models,
      comparisons: [{ against: 'rf', set: 'validation', aucDifference: 0.03, z: 1.1, pValue: 0.27 }],
    };
  }
  const body = {
    schemaVersion: ARTIFACT_SCHEMA_VERSION as typeof ARTIFACT_SCHEMA_VERSION,
    synthetic: opts.synthetic ?? true,
    intendedUse:
      'Research use only: estimating HER2 status (over / low / zero) from PET/CT radiomics. Not a medical device.',
    provenance: {
      cohortSha256: createHash('sha256')
        .update(`cohort-${opts.label ?? 'default'}`)
        .digest('hex'),
      cohortSource: opts.synthetic === false ? 'uploaded.csv' : 'demo-cohort.synthetic.csv',
      reliability: { iccThreshold: 0.75, kept: 1500, total: 1906 },
      externalSites: [],
      config: { label: opts.label ?? 'default' },
      seed: 42,
      packageVersions: { her2: '0.1.0' },
    },
    input: {
      features,
      clinical: ['er', 'pr'],
      categorical: {},
      ranges: Object.fromEntries(features.map((f) => [f, { min: -3, max: 3, mean: 0, std: 1 }])),
      missing: { policy: 'reject' as const, medians: {} },
    },
    cohortSummary: {
      training: { over: { n: 60 }, low: { n: 60 }, zero: { n: 60 } },
      validation: { over: { n: 26 } },
      external: {},
    },
    tasks,
    coupling: { method: 'normalized-ovr' as const, description: 'p_k / sum_j p_j' },
  };
  const id = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { ...body, id, createdAt: opts.createdAt ?? new Date().toISOString() };
}
