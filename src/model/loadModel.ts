/**
 * Builds a Her2Model from its artifact: restores each task's best classifier, its calibration map,
 * its selector's projection (PCA) and scaler, and predicts batches. Prediction reads nothing but the
 * artifact, so a model loaded from its file predicts exactly what the freshly trained one did; the
 * per-value arithmetic (imputation, one-hot dummies, HI, projection, z-score) is the same code the
 * training pipeline runs (src/inputs/).
 */
import {
  type CalibratedClassifier,
  restoreCalibratedClassifier,
  type SerializedCalibratedClassifier,
} from '../calibration/calibratedClassifier.js';
import { applyCalibrator, type SerializedCalibrator } from '../calibration/calibrator.js';
import type { SelectionProjection } from '../featureSelection/selector.js';
import type { Her2Status } from '../cohort/cohort.js';
import { harmoniseValue } from '../harmonisation/harmoniseValue.js';
import { siteValueMap } from '../harmonisation/siteAdaptation.js';
import { dummyName, dummyValue } from '../inputs/categoricalEncoding.js';
import { projectInto } from '../inputs/projection.js';
import { HETEROGENEITY_INDEX, heterogeneityIndex } from '../inputs/derivedInputs.js';
import { describeProbability } from '../tasks/taskSpec.js';
import type { ModelArtifact } from './artifact.js';
import { coerceClinicalValue } from './clinicalValue.js';
import type { SiteAdaptation } from './siteAdaptation.js';
import { coupleOneVsRest, oneVsRestTaskNames } from './coupling.js';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  OutOfDistributionError,
  type Her2Model,
  type OutOfDistributionInput,
  type PatientInput,
  type PatientPrediction,
  type PatientSite,
  type PredictOptions,
  UnknownSiteError,
  type TaskProbability,
} from './her2Model.js';
import {
  DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS,
  OUT_OF_DISTRIBUTION_WARN_SDS,
  boundsWithin,
  clampScaled,
  trainingSd,
} from './outOfDistribution.js';

/** One calibrated pipeline of a task: its inputs, projection, scaler and model. */
interface LoadedMember {
  /** The classifier with its calibration map: the same object training evaluated. */
  model: CalibratedClassifier;
  inputs: string[];
  /** Slot of each input, or -1 for the projection's outputs (the first `projected` inputs). */
  inputSlots: number[];
  projection?: { slots: number[]; center: number[]; scale: number[]; components: number[][] };
  projected: number;
  mean: number[];
  std: number[];
}

interface LoadedTask {
  name: string;
  description: string;
  kind: TaskProbability['classifier'];
  /** The paper's best classifier, or the search's served pipeline(s). */
  members: LoadedMember[];
  /** An ensemble's map of the members' mean probability. */
  ensembleCalibration?: SerializedCalibrator;
  /** Subgroup: the slot holding the column's level index, and which indices belong. */
  subgroup?: { slot: number; levels: Set<number>; text: string };
}

/**
 * `siteAdaptations`: new sites adapted to this model (src/model/siteAdaptation.ts), kept beside it;
 * a patient naming one of them has its imaging features moved onto the training distribution.
 */
export function loadModel(
  artifact: ModelArtifact,
  siteAdaptations: readonly SiteAdaptation[] = [],
): Her2Model {
  const input = artifact.input;
  const numericFeatures = input.features;
  const categorical = input.categorical ?? {};
  const categoricalNames = Object.keys(categorical);
  const requiredClinical = input.clinical;
  const knownFeatures = new Set([...numericFeatures, ...categoricalNames]);
  const medians = input.missing.policy === 'median' ? input.missing.medians : undefined;

  // Each input value a patient yields (features, clinical, derived, dummies, level indices) has a
  // fixed slot, resolved once here, so a prediction fills a Float64Array instead of a Map per patient.
  // A name in both feature and clinical lists shares one slot and the clinical value wins.
  const slotOf = new Map<string, number>();
  const slot = (name: string): number => {
    let s = slotOf.get(name);
    if (s === undefined) slotOf.set(name, (s = slotOf.size));
    return s;
  };
  const featureSlots = numericFeatures.map(slot);
  const clinicalSlots = requiredClinical.map(slot);
  const categoricalColumns = categoricalNames.map((name) => {
    const levels = categorical[name].levels;
    return {
      name,
      levels,
      levelIndex: new Map(levels.map((l, k) => [l, k])),
      // The level index itself (for subgroups), then one dummy per non-reference level.
      levelSlot: slot(`${name}#level`),
      dummySlots: levels.map((l, k) => (k === 0 ? -1 : slot(dummyName(name, l)))),
    };
  });
  // Both SUV inputs are required whenever either is present (a missing one fails the patient first).
  const derivesHeterogeneity = slotOf.has('suv_max') && slotOf.has('suv_mean');
  const suvMaxSlot = slotOf.get('suv_max') ?? -1;
  const suvMeanSlot = slotOf.get('suv_mean') ?? -1;
  const heterogeneitySlot = derivesHeterogeneity ? slot(HETEROGENEITY_INDEX) : -1;
  const width = slotOf.size;
  const featureMedians = numericFeatures.map((name) =>
    medians && Number.isFinite(medians[name]) ? medians[name] : undefined,
  );
  const harmonisation = input.harmonization;
  // A name that is also a clinical input holds the clinical value (see slot), which is not harmonised.
  const harmonisedIndex = numericFeatures.map((name) =>
    requiredClinical.includes(name) ? -1 : (harmonisation?.features.indexOf(name) ?? -1),
  );
  const knownSites = new Map(harmonisation?.batches.map((site, b) => [site, b]) ?? []);
  const adaptedSites = new Map(
    siteAdaptations.map((a) => {
      if (a.modelId !== artifact.id) {
        throw new Error(`site adaptation ${a.site} belongs to model ${a.modelId}, not ${artifact.id}`);
      }
      const map = siteValueMap(a.reference, a.effects);
      // Slot of each adapted feature (-1: the model no longer uses it; a clinical input is not adapted).
      const slots = a.features.map((f) => (requiredClinical.includes(f) ? -1 : (slotOf.get(f) ?? -1)));
      return [a.site, { map, slots }] as const;
    }),
  );
  /** Sites a patient may name with effect: the model harmonises or adapts features for them. */
  const siteAware = harmonisation !== undefined || adaptedSites.size > 0;
  const siteList = [...knownSites.keys(), ...adaptedSites.keys()].join(', ');
  /** Out-of-distribution warning bounds (computed once) and training SDs, in the artifact's order. */
  const oodChecks = Object.entries(input.ranges).flatMap(([name, range]) => {
    const s = slotOf.get(name);
    if (s === undefined) return [];
    return [
      { name, slot: s, range, sd: trainingSd(range), ...boundsWithin(range, OUT_OF_DISTRIBUTION_WARN_SDS) },
    ];
  });

  const loadMember = (m: {
    classifier: SerializedCalibratedClassifier['classifier'];
    calibration: SerializedCalibrator;
    inputs: string[];
    projection?: SelectionProjection;
    scaler: { mean: number[]; std: number[] };
  }): LoadedMember => {
    const projected = m.projection ? m.projection.outputs.length : 0;
    return {
      model: restoreCalibratedClassifier(m),
      inputs: m.inputs,
      inputSlots: m.inputs.map((input, j) => (j < projected ? -1 : (slotOf.get(input) ?? -1))),
      projection: m.projection && {
        slots: m.projection.inputs.map((f) => slotOf.get(f) ?? -1),
        center: m.projection.center,
        scale: m.projection.scale,
        components: m.projection.components,
      },
      projected,
      mean: m.scaler.mean,
      std: m.scaler.std,
    };
  };

  const tasks: LoadedTask[] = Object.entries(artifact.tasks).map(([name, t]) => {
    const subgroup = t.definition.subgroup;
    const column = subgroup ? categoricalColumns.find((c) => c.name === subgroup.column) : undefined;
    if (subgroup && !column) {
      throw new Error(
        `artifact ${artifact.id}: task ${name}'s subgroup column ${subgroup.column} has no encoding`,
      );
    }
    const served = t.search?.served;
    const members = served
      ? served.members.map(loadMember)
      : [loadMember({ ...t.models[t.best], inputs: t.inputs, projection: t.projection, scaler: t.scaler })];
    return {
      name,
      description: describeProbability(t.definition),
      kind: served ? (served.members.length > 1 ? 'ensemble' : served.members[0].classifier.kind) : t.best,
      members,
      ensembleCalibration: served?.calibration ?? undefined,
      subgroup:
        subgroup && column
          ? {
              slot: column.levelSlot,
              levels: new Set(subgroup.levels.map((l) => column.levelIndex.get(l) ?? -1)),
              text: `${subgroup.column} ∈ {${subgroup.levels.join(', ')}}`,
            }
          : undefined,
    };
  });
  const coupling = oneVsRestTaskNames(artifact.tasks);
  const couplingSlots = coupling && {
    over: tasks.findIndex((t) => t.name === coupling.over),
    low: tasks.findIndex((t) => t.name === coupling.low),
    zero: tasks.findIndex((t) => t.name === coupling.zero),
  };

  interface ReadPatient {
    warnings: string[];
    ignored: string[];
    /** An input beyond the reject bound was allowed. */
    outOfDistribution: boolean;
    /** How the patient's site was handled (models that harmonise or adapt sites only). */
    site?: PatientSite;
  }

  interface OutOfDistributionPolicy {
    rejectSds: number;
    allow: boolean;
    /** A patient of a site the model neither harmonises nor is adapted to: warn, or refuse. */
    unknownSite: 'warn' | 'reject';
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
    for (let i = 0; i < numericFeatures.length; i++) {
      const name = numericFeatures[i];
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
    for (const column of categoricalColumns) {
      const raw = features[column.name];
      if (raw === undefined || raw === null) {
        (missing ??= []).push(column.name);
        continue;
      }
      const k = typeof raw === 'string' ? column.levelIndex.get(raw.trim()) : undefined;
      if (k === undefined) {
        throw new InvalidInputError(
          patient.id,
          `features.${column.name}`,
          `unknown level ${JSON.stringify(raw)} (known levels: ${column.levels.join(', ')})`,
        );
      }
      values[column.levelSlot] = k;
      for (let d = 1; d < column.dummySlots.length; d++) values[column.dummySlots[d]] = dummyValue(k, d);
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
    const site = siteAware ? harmonise(patient, values, warnings, policy.unknownSite) : undefined;
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
    return { warnings, ignored, outOfDistribution, site };
  }

  /**
   * Harmonises the patient's features (imputed ones included, as in training) when the patient names
   * a site the model was harmonised on (ComBat) or adapted to; otherwise they stay as sent, as
   * training left the rows of other sites, with a warning (or a refusal when unknown sites are).
   */
  function harmonise(
    patient: PatientInput,
    values: Float64Array,
    warnings: string[],
    unknownSite: 'warn' | 'reject',
  ): PatientSite {
    const raw = patient.site;
    if (raw !== undefined && typeof raw !== 'string') {
      throw new InvalidInputError(patient.id, 'site', 'must be a string');
    }
    const site = raw?.trim();
    const b = site === undefined ? undefined : knownSites.get(site);
    if (b !== undefined) {
      for (let i = 0; i < numericFeatures.length; i++) {
        const j = harmonisedIndex[i];
        if (j >= 0) values[featureSlots[i]] = harmoniseValue(harmonisation!, j, b, values[featureSlots[i]]);
      }
      return { name: site!, harmonisation: 'training-site' };
    }
    const adapted = site === undefined ? undefined : adaptedSites.get(site);
    if (adapted) {
      adapted.slots.forEach((s, j) => {
        if (s >= 0) values[s] = adapted.map(j, values[s]);
      });
      return { name: site!, harmonisation: 'adapted-site' };
    }
    const why =
      site === undefined
        ? `no site given: this model harmonises imaging features for its sites (${siteList})`
        : `site ${JSON.stringify(site)} is not one this model was harmonised on or adapted to (${siteList})`;
    if (unknownSite === 'reject') {
      throw new UnknownSiteError(
        patient.id,
        `${why}; adapt the model to the site first (POST /v1/models/{id}/sites, her2 harmonize)`,
      );
    }
    warnings.push(`${why}; the features were used unharmonised`);
    return { name: site ?? null, harmonisation: 'none' };
  }

  const inSubgroup = (task: LoadedTask, values: Float64Array): boolean =>
    !task.subgroup || task.subgroup.levels.has(values[task.subgroup.slot]);
  // Only when every task is restricted to a subgroup can a patient fall outside all of them.
  const everyTaskHasSubgroup = tasks.every((t) => t.subgroup !== undefined);

  // Typed arrays above 64 bytes are allocated off the V8 heap, which costs more than scoring one
  // patient: small requests reuse these buffers (predict is synchronous, and classifiers do not keep
  // the rows they score), larger ones allocate their own.
  const SCRATCH_PATIENTS = 16;
  const members = tasks.flatMap((t) => t.members);
  interface Scratch {
    values: Float64Array[];
    rows: Float64Array[][];
  }
  let scratch: Scratch | undefined;
  const makeScratch = (): Scratch => {
    const values = new Float64Array(SCRATCH_PATIENTS * width);
    return {
      values: Array.from({ length: SCRATCH_PATIENTS }, (_, i) => values.subarray(i * width, (i + 1) * width)),
      rows: members.map(({ inputs }) => {
        const rows = new Float64Array(SCRATCH_PATIENTS * inputs.length);
        const w = inputs.length;
        return Array.from({ length: SCRATCH_PATIENTS }, (_, i) => rows.subarray(i * w, (i + 1) * w));
      }),
    };
  };
  const projectionScratch = members.map((m) =>
    m.projection
      ? { x: new Float64Array(m.projection.slots.length), out: new Float64Array(m.projected) }
      : undefined,
  );

  /** Calibrated probability of each patient by one member (member index into `members`). */
  function scoreMember(
    index: number,
    patients: readonly PatientInput[],
    values: readonly Float64Array[],
    small: Scratch | undefined,
  ): Float64Array {
    const { model, inputs, inputSlots, mean, std, projection, projected } = members[index];
    const n = patients.length;
    const w = inputs.length;
    const rows: Float64Array[] = new Array(n);
    const all = small ? undefined : new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      const row = small ? small.rows[index][i] : all!.subarray(i * w, (i + 1) * w);
      const patientValues = values[i];
      if (projection) {
        const { x, out } = projectionScratch[index]!;
        for (let j = 0; j < x.length; j++) x[j] = patientValues[projection.slots[j]];
        projectInto(projection, x, out);
        for (let j = 0; j < projected; j++) row[j] = clampScaled((out[j] - mean[j]) / std[j]);
      }
      for (let j = projected; j < w; j++) {
        const v = inputSlots[j] >= 0 ? patientValues[inputSlots[j]] : NaN;
        if (!Number.isFinite(v)) {
          throw new InvalidInputError(patients[i].id, inputs[j], 'could not be computed from the inputs');
        }
        // Clamped: an allowed extreme input must not overflow the classifier's arithmetic.
        row[j] = clampScaled((v - mean[j]) / std[j]);
      }
      rows[i] = row;
    }
    return model.predictProba(rows);
  }

  function predict(patients: readonly PatientInput[], options: PredictOptions = {}): PatientPrediction[] {
    const policy: OutOfDistributionPolicy = {
      rejectSds: options.outOfDistributionRejectSds ?? DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS,
      unknownSite: options.unknownSite ?? 'warn',
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
    for (let i = 0; i < n; i++) {
      read[i] = readPatient(patients[i], values[i], policy);
      if (everyTaskHasSubgroup && !tasks.some((t) => inSubgroup(t, values[i]))) {
        throw new NotApplicableError(
          patients[i].id,
          `is outside the subgroup of every task of this model (${tasks.map((t) => t.subgroup?.text).join('; ')})`,
        );
      }
    }
    if (policy.rejected.length > 0) throw new OutOfDistributionError(policy.rejected, policy.rejectSds);
    const probabilities: Float64Array[] = [];
    let member = 0;
    for (const task of tasks) {
      if (task.members.length === 1) {
        probabilities.push(scoreMember(member++, patients, values, small));
        continue;
      }
      // An ensemble: the mean of its members' calibrated probabilities, through its own map.
      const mean = new Float64Array(n);
      for (let m = 0; m < task.members.length; m++) {
        const p = scoreMember(member++, patients, values, small);
        for (let i = 0; i < n; i++) mean[i] += p[i] / task.members.length;
      }
      probabilities.push(applyCalibrator(task.ensembleCalibration!, mean));
    }
    const out: PatientPrediction[] = new Array(n);
    for (let i = 0; i < n; i++) {
      // The last guard: no NaN or Infinity leaves predict, whatever the inputs and the classifiers did.
      let finite = true;
      const perTask: Record<string, TaskProbability> = {};
      for (let k = 0; k < tasks.length; k++) {
        const t = tasks[k];
        const applicable = inSubgroup(t, values[i]);
        if (applicable && !Number.isFinite(probabilities[k][i])) finite = false;
        perTask[t.name] = applicable
          ? { probability: probabilities[k][i], classifier: t.kind, description: t.description }
          : {
              probability: null,
              classifier: t.kind,
              description: t.description,
              notApplicable: `the patient is outside the task's subgroup (${t.subgroup!.text})`,
            };
      }
      let coupled: Pick<PatientPrediction, 'distribution' | 'status'> = { distribution: null, status: null };
      if (couplingSlots) {
        coupled = coupleOneVsRest({
          over: probabilities[couplingSlots.over][i],
          low: probabilities[couplingSlots.low][i],
          zero: probabilities[couplingSlots.zero][i],
        } satisfies Record<Her2Status, number>);
      }
      const d = coupled.distribution;
      if (!finite || (d && !(Number.isFinite(d.over) && Number.isFinite(d.low) && Number.isFinite(d.zero)))) {
        throw new NonFinitePredictionError(patients[i].id);
      }
      out[i] = {
        id: patients[i].id,
        tasks: perTask,
        ...coupled,
        warnings: read[i].warnings,
        ignoredFeatures: read[i].ignored,
        outOfDistribution: read[i].outOfDistribution,
        ...(read[i].site && { site: read[i].site }),
      };
    }
    return out;
  }

  return {
    id: artifact.id,
    synthetic: artifact.synthetic,
    artifact,
    requiredFeatures: [...numericFeatures, ...categoricalNames],
    requiredClinical,
    predict,
  };
}
