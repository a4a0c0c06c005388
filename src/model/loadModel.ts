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
import type { ModelArtifact, SerializedCalibrator, TaskArtifact } from './artifact.js';
import { coerceClinicalValue } from './clinicalValue.js';
import { coupleOneVsRest } from './coupling.js';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  OutOfDistributionError,
  type Her2Model,
  type OutOfDistributionInput,
  type PatientInput,
  type PatientPrediction,
  type PredictOptions,
} from './her2Model.js';
import {
  DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS,
  OUT_OF_DISTRIBUTION_WARN_SDS,
  boundsWithin,
  clampScaled,
  trainingSd,
} from './outOfDistribution.js';

interface LoadedTask {
  artifact: TaskArtifact;
  classifier: FittedClassifier;
  calibrator: SerializedCalibrator;
}

const allFinite = (r: Record<Her2Status, number>): boolean =>
  Number.isFinite(r.over) && Number.isFinite(r.low) && Number.isFinite(r.zero);

export function loadModel(artifact: ModelArtifact): Her2Model {
  const loaded = {} as Record<Her2Status, LoadedTask>;
  for (const task of HER2_STATUSES) {
    const taskArtifact = artifact.tasks[task];
    const best = taskArtifact.models[taskArtifact.best];
    loaded[task] = {
      artifact: taskArtifact,
      classifier: restoreClassifier(best.classifier),
      calibrator: best.calibration,
    };
  }
  const requiredFeatures = artifact.input.features;
  const requiredClinical = artifact.input.clinical;
  const knownFeatures = new Set(requiredFeatures);
  const medians = artifact.input.missing.policy === 'median' ? artifact.input.missing.medians : undefined;

  // Each input value a patient yields (features, clinical, derived) has a fixed slot, resolved once
  // here, so a prediction fills a Float64Array instead of a Map per patient. A name in both lists
  // shares one slot and the clinical value wins, as it did when both went into one Map.
  const slotOf = new Map<string, number>();
  const slot = (name: string): number => {
    let s = slotOf.get(name);
    if (s === undefined) slotOf.set(name, (s = slotOf.size));
    return s;
  };
  const featureSlots = requiredFeatures.map(slot);
  const clinicalSlots = requiredClinical.map(slot);
  // Both SUV inputs are required whenever either is present (a missing one fails the patient first).
  const derivesHeterogeneity = slotOf.has('suv_max') && slotOf.has('suv_mean');
  const suvMaxSlot = slotOf.get('suv_max') ?? -1;
  const suvMeanSlot = slotOf.get('suv_mean') ?? -1;
  const heterogeneitySlot = derivesHeterogeneity ? slot(HETEROGENEITY_INDEX) : -1;
  const width = slotOf.size;
  const featureMedians = requiredFeatures.map((name) =>
    medians && Number.isFinite(medians[name]) ? medians[name] : undefined,
  );
  /** Out-of-distribution warning bounds (computed once) and training SDs, in the artifact's order. */
  const oodChecks = Object.entries(artifact.input.ranges).flatMap(([name, range]) => {
    const s = slotOf.get(name);
    if (s === undefined) return [];
    return [
      { name, slot: s, range, sd: trainingSd(range), ...boundsWithin(range, OUT_OF_DISTRIBUTION_WARN_SDS) },
    ];
  });
  const tasks = HER2_STATUSES.map((task) => {
    const { artifact: t, classifier, calibrator } = loaded[task];
    return {
      task,
      classifier,
      calibrator,
      kind: t.best,
      inputs: t.inputs,
      inputSlots: t.inputs.map((name) => slotOf.get(name) ?? -1),
      mean: t.scaler.mean,
      std: t.scaler.std,
    };
  });

  interface ReadPatient {
    warnings: string[];
    ignored: string[];
    /** An input beyond the reject bound was allowed. */
    outOfDistribution: boolean;
  }

  interface OutOfDistributionPolicy {
    rejectSds: number;
    allow: boolean;
    /** Inputs beyond the reject bound found so far in the batch (when not allowed). */
    rejected: OutOfDistributionInput[];
  }

  /** Fills `values` (one slot per input) with a patient's validated inputs. */
  function readPatient(
    patient: PatientInput,
    values: Float64Array,
    policy: OutOfDistributionPolicy,
  ): ReadPatient {
    const warnings: string[] = [];
    let missing: string[] | undefined;
    const features = patient.features ?? {};
    for (let i = 0; i < requiredFeatures.length; i++) {
      const name = requiredFeatures[i];
      const raw = features[name];
      if (raw === undefined || raw === null) {
        const median = featureMedians[i];
        if (median !== undefined) {
          values[featureSlots[i]] = median;
          warnings.push(`feature ${name} missing: imputed with the training median`);
        } else (missing ??= []).push(name);
        continue;
      }
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        throw new InvalidInputError(patient.id, `features.${name}`, 'must be a finite number');
      }
      values[featureSlots[i]] = raw;
    }
    const clinical = patient.clinical ?? {};
    for (let i = 0; i < requiredClinical.length; i++) {
      const name = requiredClinical[i];
      const raw = clinical[name];
      if (raw === undefined || raw === null) {
        (missing ??= []).push(`clinical.${name}`);
        continue;
      }
      const coerced = coerceClinicalValue(name, raw);
      if (!coerced.ok) throw new InvalidInputError(patient.id, `clinical.${name}`, coerced.reason);
      values[clinicalSlots[i]] = coerced.value;
    }
    if (missing) throw new MissingInputError(patient.id, missing);
    if (derivesHeterogeneity)
      values[heterogeneitySlot] = heterogeneityIndex(values[suvMaxSlot], values[suvMeanSlot]);
    let outOfDistribution = false;
    for (const check of oodChecks) {
      const v = values[check.slot];
      const { min, max } = check.range;
      const margin = policy.rejectSds * check.sd;
      if (v < min - margin || v > max + margin) {
        if (!policy.allow) {
          policy.rejected.push({
            patientId: patient.id,
            feature: check.name,
            value: v,
            trainingRange: { min, max },
          });
          continue;
        }
        outOfDistribution = true;
        warnings.push(
          `out of distribution: ${check.name} = ${v} is more than ${policy.rejectSds} training SDs outside the training range [${min}, ${max}]; the model is not trusted here and predicted only because out-of-distribution inputs were allowed`,
        );
      } else if (v < check.low || v > check.high) {
        warnings.push(
          `out of distribution: ${check.name} = ${v} is far outside the training range [${min}, ${max}]`,
        );
      }
    }
    const ignored: string[] = [];
    for (const name of Object.keys(features)) if (!knownFeatures.has(name)) ignored.push(name);
    return { warnings, ignored, outOfDistribution };
  }

  // Typed arrays above 64 bytes are allocated off the V8 heap, which costs more than scoring one
  // patient: small requests reuse these buffers (predict is synchronous, and classifiers do not keep
  // the rows they score), larger ones allocate their own.
  const SCRATCH_PATIENTS = 16;
  let scratch: { values: Float64Array[]; rows: Float64Array[][] } | undefined;
  const makeScratch = () => {
    const values = new Float64Array(SCRATCH_PATIENTS * width);
    return {
      values: Array.from({ length: SCRATCH_PATIENTS }, (_, i) => values.subarray(i * width, (i + 1) * width)),
      rows: tasks.map(({ inputs }) => {
        const rows = new Float64Array(SCRATCH_PATIENTS * inputs.length);
        const w = inputs.length;
        return Array.from({ length: SCRATCH_PATIENTS }, (_, i) => rows.subarray(i * w, (i + 1) * w));
      }),
    };
  };

  function predict(patients: readonly PatientInput[], options: PredictOptions = {}): PatientPrediction[] {
    const policy: OutOfDistributionPolicy = {
      rejectSds: options.outOfDistributionRejectSds ?? DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS,
      allow: options.allowOutOfDistribution === true,
      rejected: [],
    };
    const n = patients.length;
    const small = n <= SCRATCH_PATIENTS ? (scratch ??= makeScratch()) : undefined;
    const values: Float64Array[] = new Array(n);
    if (small) for (let i = 0; i < n; i++) values[i] = small.values[i];
    else {
      const all = new Float64Array(n * width);
      for (let i = 0; i < n; i++) values[i] = all.subarray(i * width, (i + 1) * width);
    }
    const read: ReadPatient[] = new Array(n);
    for (let i = 0; i < n; i++) read[i] = readPatient(patients[i], values[i], policy);
    if (policy.rejected.length > 0) throw new OutOfDistributionError(policy.rejected, policy.rejectSds);
    const probabilities: Float64Array[] = [];
    for (let k = 0; k < tasks.length; k++) {
      const { classifier, calibrator, inputs, inputSlots, mean, std } = tasks[k];
      const w = inputs.length;
      const rows: Float64Array[] = new Array(n);
      const all = small ? undefined : new Float64Array(n * w);
      for (let i = 0; i < n; i++) {
        const row = small ? small.rows[k][i] : all!.subarray(i * w, (i + 1) * w);
        const patientValues = values[i];
        for (let j = 0; j < w; j++) {
          const v = inputSlots[j] >= 0 ? patientValues[inputSlots[j]] : NaN;
          if (!Number.isFinite(v)) {
            throw new InvalidInputError(patients[i].id, inputs[j], 'could not be computed from the inputs');
          }
          // Clamped: an allowed extreme input must not overflow the classifier's arithmetic.
          row[j] = clampScaled((v - mean[j]) / std[j]);
        }
        rows[i] = row;
      }
      probabilities.push(applyCalibrator(calibrator, classifier.score(rows)));
    }
    const [over, low, zero] = tasks; // HER2_STATUSES order
    const out: PatientPrediction[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const perTask = { over: probabilities[0][i], low: probabilities[1][i], zero: probabilities[2][i] };
      const { distribution, status } = coupleOneVsRest(perTask);
      // The last guard: no NaN or Infinity leaves predict, whatever the inputs and the classifiers did.
      if (!allFinite(perTask) || !allFinite(distribution)) throw new NonFinitePredictionError(patients[i].id);
      out[i] = {
        id: patients[i].id,
        tasks: {
          over: { probability: perTask.over, classifier: over.kind },
          low: { probability: perTask.low, classifier: low.kind },
          zero: { probability: perTask.zero, classifier: zero.kind },
        },
        distribution,
        status,
        warnings: read[i].warnings,
        ignoredFeatures: read[i].ignored,
        outOfDistribution: read[i].outOfDistribution,
      };
    }
    return out;
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
