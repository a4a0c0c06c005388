/**
 * What the service and the CLI need from a loaded model. src/model/loadModel.ts builds one from a
 * ModelArtifact; nothing here knows about HTTP.
 */
import type { ClassifierKind } from '../classifiers/classifier.js';
import type { Her2Status } from '../cohort/cohort.js';
import type { ModelArtifact, TaskName } from './artifact.js';

export interface PatientInput {
  id: string;
  /** Radiomic features as numbers; categorical inputs (e.g. BI-RADS descriptors) as level names. */
  features: Record<string, number | string>;
  /** er / pr as 'positive' | 'negative' | a percentage; other clinical inputs as numbers. */
  clinical: Record<string, number | string>;
  /** Site (scanner / centre) of the imaging: a harmonised model adjusts the features of a site it knows. */
  site?: string;
}

export interface TaskProbability {
  /** Calibrated probability of the task's positive class (conditional for a pairwise or subgroup task); null when not applicable. */
  probability: number | null;
  /** The classifier that gave it, or 'ensemble' for the search preset's top-N ensemble. */
  classifier: ClassifierKind | 'ensemble';
  /** What the probability means, e.g. "calibrated P(HER2-low given the status is HER2-low or HER2-zero) (conditional)". */
  description: string;
  /** Why there is no probability (the patient is outside the task's subgroup). */
  notApplicable?: string;
}

export interface PatientPrediction {
  id: string;
  tasks: Record<TaskName, TaskProbability>;
  /** Coupled three-class distribution, sums to 1; null when the model lacks a one-vs-rest task. */
  distribution: Record<Her2Status, number> | null;
  status: Her2Status | null;
  /** Out-of-distribution inputs and other cautions, human readable. */
  warnings: string[];
  /** Features sent that the model does not use. */
  ignoredFeatures: string[];
  /**
   * An input lies beyond the reject bound (PredictOptions.outOfDistributionRejectSds): the model is
   * not trusted for this patient, who was predicted only because the caller allowed it.
   */
  outOfDistribution: boolean;
  /** The site the features were harmonised for (models that harmonise or adapt sites only). */
  site?: PatientSite;
}

export interface PatientSite {
  /** The site the patient named, or null when none was given. */
  name: string | null;
  /** training-site: ComBat of a training site; adapted-site: a site adapted later; none: used as sent. */
  harmonisation: 'training-site' | 'adapted-site' | 'none';
}

export interface PredictOptions {
  /** Inputs more than this many training SDs beyond the training range refuse the patient (default 10). */
  outOfDistributionRejectSds?: number;
  /** Predict such patients anyway, flagged `outOfDistribution` and warned about (default false). */
  allowOutOfDistribution?: boolean;
  /** A patient of a site the model neither harmonises nor is adapted to: warn (default) or refuse. */
  unknownSite?: 'warn' | 'reject';
}

/** A required input is missing (maps to HTTP 422). */
export class MissingInputError extends Error {
  constructor(
    readonly patientId: string,
    readonly missing: string[],
  ) {
    super(`patient ${patientId}: missing required input(s): ${missing.join(', ')}`);
    this.name = 'MissingInputError';
  }
}

/** The patient's site is unknown to a model that harmonises sites, and unknown sites are refused (HTTP 422). */
export class UnknownSiteError extends Error {
  constructor(
    readonly patientId: string,
    reason: string,
  ) {
    super(`patient ${patientId}: ${reason}`);
    this.name = 'UnknownSiteError';
  }
}

/** An input is present but unusable: non-finite, wrong type, unknown category (maps to HTTP 400). */
export class InvalidInputError extends Error {
  constructor(
    readonly patientId: string,
    readonly field: string,
    reason: string,
  ) {
    super(`patient ${patientId}: field ${field}: ${reason}`);
    this.name = 'InvalidInputError';
  }
}

/** The patient is outside the subgroup of every task of the model (maps to HTTP 422). */
export class NotApplicableError extends Error {
  constructor(
    readonly patientId: string,
    reason: string,
  ) {
    super(`patient ${patientId} ${reason}`);
    this.name = 'NotApplicableError';
  }
}

/** One input beyond the reject bound. */
export interface OutOfDistributionInput {
  patientId: string;
  feature: string;
  value: number;
  trainingRange: { min: number; max: number };
}

/**
 * Inputs too far outside the training distribution for the model to be trusted, and the caller did
 * not allow them (maps to HTTP 422). Lists every such input of the batch.
 */
export class OutOfDistributionError extends Error {
  constructor(
    readonly inputs: OutOfDistributionInput[],
    readonly rejectSds: number,
  ) {
    const describe = (i: OutOfDistributionInput) =>
      `patient ${i.patientId}: ${i.feature} = ${i.value} is more than ${rejectSds} training SDs outside its training range [${i.trainingRange.min}, ${i.trainingRange.max}]`;
    super(
      inputs.length === 1
        ? describe(inputs[0])
        : `${inputs.length} inputs lie more than ${rejectSds} training SDs outside their training ranges; first: ${describe(inputs[0])}`,
    );
    this.name = 'OutOfDistributionError';
  }
}

/**
 * The model produced a probability that is not a finite number for a patient. A last guard: no NaN
 * or Infinity may leave predict (maps to HTTP 422: with a model that loaded, only extreme inputs get here).
 */
export class NonFinitePredictionError extends Error {
  constructor(readonly patientId: string) {
    super(`patient ${patientId}: the model could not compute a finite probability from these inputs`);
    this.name = 'NonFinitePredictionError';
  }
}

export interface Her2Model {
  readonly id: string;
  readonly synthetic: boolean;
  readonly artifact: ModelArtifact;
  /** Radiomic features and clinical inputs a patient must carry. */
  readonly requiredFeatures: readonly string[];
  readonly requiredClinical: readonly string[];
  /**
   * Throws MissingInputError / InvalidInputError naming the patient and field, OutOfDistributionError
   * for inputs beyond the reject bound (unless allowed), NonFinitePredictionError rather than return
   * a probability that is not finite.
   */
  predict(patients: readonly PatientInput[], options?: PredictOptions): PatientPrediction[];
}
