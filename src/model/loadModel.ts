/**
 * Builds a Her2Model from its artifact: restores each task's best classifier, its calibration map
 * and scaler, and predicts batches. Prediction reads nothing but the artifact, so a model loaded from
 * its file predicts exactly what the freshly trained one did.
 */
import { applyCalibrator } from '../calibration/calibrator.js';
import type { FittedClassifier } from '../classifiers/classifier.js';
import { restoreClassifier } from '../classifiers/index.js';
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { HETEROGENEITY_INDEX, heterogeneityIndex } from '../pipeline/clinicalInputs.js';
import type { FeatureRange, ModelArtifact, SerializedCalibrator, TaskArtifact } from './artifact.js';
import { coerceClinicalValue } from './clinicalValue.js';
import { coupleOneVsRest } from './coupling.js';
import {
  InvalidInputError,
  MissingInputError,
  type Her2Model,
  type PatientInput,
  type PatientPrediction,
} from './her2Model.js';

/** How far outside the training distribution an input must be to be flagged (in training SDs beyond the range). */
export const OUT_OF_DISTRIBUTION_SDS = 3;

interface LoadedTask {
  artifact: TaskArtifact;
  classifier: FittedClassifier;
  calibrator: SerializedCalibrator;
}

function isFarOutside(value: number, range: FeatureRange): boolean {
  const margin = OUT_OF_DISTRIBUTION_SDS * (range.std > 0 ? range.std : Math.abs(range.mean) * 0.1 || 1);
  return value < range.min - margin || value > range.max + margin;
}

export function loadModel(artifact: ModelArtifact): Her2Model {
  const loaded = {} as Record<Her2Status, LoadedTask>;
  for (const task of HER2_STATUSES) {
    const taskArtifact = artifact.tasks[task];
    const best = taskArtifact.models[taskArtifact.best];
    loaded[task] = { artifact: taskArtifact, classifier: restoreClassifier(best.classifier), calibrator: best.calibration };
  }
  const requiredFeatures = artifact.input.features;
  const requiredClinical = artifact.input.clinical;
  const knownFeatures = new Set(requiredFeatures);
  const medians = artifact.input.missing.policy === 'median' ? artifact.input.missing.medians : undefined;

  /** Every input value of one patient by name (features, clinical, derived), validated. */
  function readPatient(patient: PatientInput): { values: Map<string, number>; warnings: string[]; ignored: string[] } {
    const values = new Map<string, number>();
    const warnings: string[] = [];
    const missing: string[] = [];
    const features = patient.features ?? {};
    for (const name of requiredFeatures) {
      const raw = features[name];
      if (raw === undefined || raw === null) {
        if (medians && Number.isFinite(medians[name])) {
          values.set(name, medians[name]);
          warnings.push(`feature ${name} missing: imputed with the training median`);
        } else missing.push(name);
        continue;
      }
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        throw new InvalidInputError(patient.id, `features.${name}`, 'must be a finite number');
      }
      values.set(name, raw);
    }
    const clinical = patient.clinical ?? {};
    for (const name of requiredClinical) {
      const raw = clinical[name];
      if (raw === undefined || raw === null) {
        missing.push(`clinical.${name}`);
        continue;
      }
      const coerced = coerceClinicalValue(name, raw);
      if (!coerced.ok) throw new InvalidInputError(patient.id, `clinical.${name}`, coerced.reason);
      values.set(name, coerced.value);
    }
    if (missing.length > 0) throw new MissingInputError(patient.id, missing);
    if (values.has('suv_max') && values.has('suv_mean')) {
      values.set(HETEROGENEITY_INDEX, heterogeneityIndex(values.get('suv_max')!, values.get('suv_mean')!));
    }
    for (const [name, range] of Object.entries(artifact.input.ranges)) {
      const v = values.get(name);
      if (v !== undefined && isFarOutside(v, range)) {
        warnings.push(
          `out of distribution: ${name} = ${v} is far outside the training range [${range.min}, ${range.max}]`,
        );
      }
    }
    const ignored = Object.keys(features).filter((name) => !knownFeatures.has(name));
    return { values, warnings, ignored };
  }

  function predict(patients: readonly PatientInput[]): PatientPrediction[] {
    const read = patients.map(readPatient);
    const probabilities = {} as Record<Her2Status, Float64Array>;
    for (const task of HER2_STATUSES) {
      const { artifact: t, classifier, calibrator } = loaded[task];
      const rows = read.map(({ values }, i) => {
        const row = new Float64Array(t.inputs.length);
        for (let j = 0; j < t.inputs.length; j++) {
          const v = values.get(t.inputs[j]);
          if (v === undefined || !Number.isFinite(v)) {
            throw new InvalidInputError(patients[i].id, t.inputs[j], 'could not be computed from the inputs');
          }
          row[j] = (v - t.scaler.mean[j]) / t.scaler.std[j];
        }
        return row;
      });
      probabilities[task] = applyCalibrator(calibrator, classifier.score(rows));
    }
    return patients.map((patient, i) => {
      const perTask = {} as Record<Her2Status, number>;
      for (const task of HER2_STATUSES) perTask[task] = probabilities[task][i];
      const { distribution, status } = coupleOneVsRest(perTask);
      return {
        id: patient.id,
        tasks: Object.fromEntries(
          HER2_STATUSES.map((task) => [task, { probability: perTask[task], classifier: loaded[task].artifact.best }]),
        ) as PatientPrediction['tasks'],
        distribution,
        status,
        warnings: read[i].warnings,
        ignoredFeatures: read[i].ignored,
      };
    });
  }

  return {
    id: artifact.id,
    synthetic: artifact.synthetic,
    artifact,
    requiredFeatures,
    requiredClinical,
    predict,
  };
}
