/**
 * What the service and the CLI need from a loaded model. src/model/loadModel.ts builds one from a
 * ModelArtifact; nothing here knows about HTTP.
 */
import type { ClassifierKind } from '../classifiers/classifier.js';
import type { Her2Status } from '../cohort/cohort.js';
import type { ModelArtifact, TaskName } from './artifact.js';

export interface PatientInput {
  id: string;
  features: Record<string, number>;
  /** er / pr as 'positive' | 'negative' | a percentage; other clinical inputs as numbers. */
  clinical: Record<string, number | string>;
}

export interface TaskProbability {
  /** Calibrated probability of the task's positive class (one-vs-rest). */
  probability: number;
  classifier: ClassifierKind;
}

export interface PatientPrediction {
  id: string;
  tasks: Record<TaskName, TaskProbability>;
  /** Coupled three-class distribution, sums to 1. */
  distribution: Record<Her2Status, number>;
  status: Her2Status;
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
