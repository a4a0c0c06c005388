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
}

export interface TaskProbability {
  /** Calibrated probability of the task's positive class (conditional for a pairwise or subgroup task); null when not applicable. */
  probability: number | null;
  classifier: ClassifierKind;
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

export interface Her2Model {
  readonly id: string;
  readonly synthetic: boolean;
  readonly artifact: ModelArtifact;
  /** Radiomic features and clinical inputs a patient must carry. */
  readonly requiredFeatures: readonly string[];
  readonly requiredClinical: readonly string[];
  /** Throws MissingInputError / InvalidInputError naming the patient and field. */
  predict(patients: readonly PatientInput[]): PatientPrediction[];
}
