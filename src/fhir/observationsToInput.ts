/**
 * FHIR resources → the patient input POST /v1/predictions takes. Reads the Observations of one patient
 * (ER / PR in LOINC, SUV / Ki-67 and radiomic features in the service's CodeSystem, as single
 * Observations or as components of a panel), and answers either the input with the Observations it
 * used (for RiskAssessment.basis) and the patient, or every problem at once: issues naming the element
 * by FHIRPath, and the model inputs that are missing (a CDS card lists them). Used by the FHIR
 * operation and by the CDS Hooks service; nothing here knows about HTTP.
 */
import type { Coding, Observation, Reference, Resource } from '@medplum/fhirtypes';
import type { Her2Model, PatientInput } from '../model/her2Model.js';
import { FEATURE_SYSTEM, USABLE_OBSERVATION_STATUSES } from './codes.js';
import {
  type ClinicalInputCode,
  PANEL_CODE,
  clinicalInputOf,
  describeInput,
  featureModality,
} from './featureCodeSystem.js';
import { type FhirIssue, issue } from './issues.js';
import { type ValueElement, clinicalValue, featureValue } from './observationValue.js';

/** What the mapping needs to know of the model: the inputs a patient must carry. */
export type ModelInputs = Pick<Her2Model, 'requiredFeatures' | 'requiredClinical'>;

/** Where a resource sits in the request: its FHIRPath and (in a Bundle) its fullUrl. */
export interface ResourceLocation {
  path: string;
  fullUrl?: string;
}

export interface InputMappingOptions {
  /** Per resource, by index; default `Bundle.entry[i].resource` without a fullUrl. */
  locations?: readonly (ResourceLocation | undefined)[];
  /** The patient named by the request (a Parameters `patient`), checked against the Observations' subjects. */
  subject?: Reference;
  /** Modality prefixes of feature codes (default the cohort format's). */
  modalities?: readonly string[];
}

export type PatientInputMapping =
  | {
      ok: true;
      input: PatientInput;
      basis: Reference[];
      subject?: Reference;
      /** Per input name, the FHIRPath of the element carrying its value (to name it in a later error). */
      sources: Record<string, string>;
    }
  | { ok: false; issues: FhirIssue[]; missing: string[] };

/** A value found for a model input, and where. */
interface Found {
  value: number | string;
  /** FHIRPath of the element carrying the value (the Observation or its component). */
  path: string;
}

/** What one Observation (or component) code denotes. */
type InputCode = { kind: 'clinical'; input: ClinicalInputCode } | { kind: 'feature'; name: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The codings of a CodeableConcept, with their index in `coding` (entries that are not objects skipped). */
function codingsOf(code: unknown): { coding: Coding; k: number }[] {
  if (!isObject(code) || !Array.isArray(code.coding)) return [];
  return code.coding.flatMap((coding: unknown, k) =>
    isObject(coding) ? [{ coding: coding as Coding, k }] : [],
  );
}

/** Reference to a resource: by type and id, else by its Bundle fullUrl, else a display of where it was. */
export function referenceTo(resource: Resource, location: ResourceLocation): Reference {
  if (typeof resource.id === 'string' && resource.id !== '')
    return { reference: `${resource.resourceType}/${resource.id}` };
  if (location.fullUrl) return { reference: location.fullUrl };
  return { display: `${resource.resourceType} at ${location.path}` };
}

class InputCollector {
  readonly issues: FhirIssue[] = [];
  readonly features = new Map<string, Found>();
  readonly clinical = new Map<string, Found>();
  /** Inputs sent but unusable (results that disagree, or a wrong value): an issue each, not missing. */
  private readonly unusable = new Set<string>();

  constructor(private readonly modalities: readonly string[] | undefined) {}

  /** What a code denotes; a code in the service's CodeSystem that is not one of its codes is an issue. */
  inputCodeOf(code: unknown, path: string): InputCode | undefined {
    const codings = codingsOf(code);
    for (const { coding } of codings) {
      const clinical = clinicalInputOf(coding);
      if (clinical) return { kind: 'clinical', input: clinical };
    }
    for (const { coding, k } of codings) {
      if (coding.system !== FEATURE_SYSTEM || coding.code === PANEL_CODE) continue;
      if (typeof coding.code === 'string' && featureModality(coding.code, this.modalities))
        return { kind: 'feature', name: coding.code };
      this.issues.push(
        issue(
          'code-invalid',
          `code '${String(coding.code)}' is not in ${FEATURE_SYSTEM}: a feature code is a modality prefix ` +
            `(${(this.modalities ?? ['pet_', 'ct_', 'mri_', 'dwi_', 'dce_']).join(', ')}) and a PyRadiomics feature name`,
          `${path}.coding[${k}].code`,
        ),
      );
      return undefined;
    }
    return undefined;
  }

  /** Reads the value of an element whose code denotes an input; true when it gave one. */
  read(target: InputCode, element: ValueElement, path: string): boolean {
    const read =
      target.kind === 'clinical'
        ? clinicalValue(element, path, target.input)
        : featureValue(element, path, target.name);
    const [map, name] =
      target.kind === 'clinical' ? [this.clinical, target.input.name] : [this.features, target.name];
    if ('issue' in read) {
      this.issues.push(read.issue);
      this.unusable.add(name);
      return false;
    }
    if (read.value === undefined) return false;
    const before = map.get(name);
    if (before === undefined) {
      map.set(name, { value: read.value, path });
      return true;
    }
    if (before.value !== read.value && !this.unusable.has(name)) {
      this.unusable.add(name);
      this.issues.push(
        issue(
          'business-rule',
          `two results for ${describeInput(name)} disagree (${String(before.value)} and ${String(read.value)}); send one, or the one that is current`,
          before.path,
          path,
        ),
      );
    }
    return true;
  }

  isUnusable(name: string): boolean {
    return this.unusable.has(name);
  }
}

/** The Observation's inputs (its own code and value, and its components'); true when any was read. */
function readObservation(collector: InputCollector, obs: Observation, path: string): boolean {
  let used = false;
  const own = collector.inputCodeOf(obs.code, `${path}.code`);
  if (own) used = collector.read(own, obs as ValueElement, path) || used;
  const components = Array.isArray(obs.component) ? obs.component : [];
  components.forEach((component, j) => {
    if (!isObject(component)) return;
    const at = `${path}.component[${j}]`;
    const target = collector.inputCodeOf(component.code, `${at}.code`);
    if (target) used = collector.read(target, component as ValueElement, at) || used;
  });
  return used;
}

interface SubjectSeen {
  reference: string;
  path: string;
}

function checkSubjects(seen: SubjectSeen[], issues: FhirIssue[]): Reference | undefined {
  const distinct = [...new Set(seen.map((s) => s.reference))];
  if (distinct.length > 1) {
    issues.push(
      issue(
        'business-rule',
        `the resources concern ${distinct.length} different patients (${distinct.join(', ')}); send one patient's results`,
        ...seen.map((s) => s.path),
      ),
    );
    return undefined;
  }
  return distinct.length === 1 ? { reference: distinct[0] } : undefined;
}

/**
 * The patient input of the model from one patient's resources. Observations with a status other than
 * final / amended / corrected / preliminary are skipped; resources other than Observation and Patient,
 * and Observations of codes the model does not read (e.g. HER2 results), are ignored.
 */
export function patientInputFromResources(
  resources: readonly Resource[],
  model: ModelInputs,
  options: InputMappingOptions = {},
): PatientInputMapping {
  const collector = new InputCollector(options.modalities);
  const basis: Reference[] = [];
  const subjects: SubjectSeen[] = [];
  if (options.subject?.reference)
    subjects.push({
      reference: options.subject.reference,
      path: "Parameters.parameter.where(name = 'patient').valueReference",
    });

  resources.forEach((resource, i) => {
    if (!isObject(resource)) return;
    const location = options.locations?.[i] ?? { path: `Bundle.entry[${i}].resource` };
    if (resource.resourceType === 'Patient') {
      const ref = referenceTo(resource, location).reference;
      if (ref) subjects.push({ reference: ref, path: location.path });
      return;
    }
    if (resource.resourceType !== 'Observation') return;
    const obs = resource as Observation;
    if (!USABLE_OBSERVATION_STATUSES.has(obs.status)) return;
    if (!readObservation(collector, obs, location.path)) return;
    basis.push(referenceTo(obs, location));
    const ref = isObject(obs.subject) ? obs.subject.reference : undefined;
    if (typeof ref === 'string') subjects.push({ reference: ref, path: `${location.path}.subject` });
  });

  const issues = collector.issues;
  const subject = checkSubjects(subjects, issues);
  const missing = [
    ...model.requiredClinical.filter((n) => !collector.clinical.has(n) && !collector.isUnusable(n)),
    ...model.requiredFeatures.filter((n) => !collector.features.has(n) && !collector.isUnusable(n)),
  ];
  if (issues.length > 0 || missing.length > 0) {
    const container = options.locations?.[0]?.path.replace(/\[\d+\].*$/, '') ?? 'Bundle.entry';
    for (const name of missing)
      issues.push({
        severity: 'error',
        code: 'required',
        diagnostics: `missing input: ${describeInput(name)}`,
        expression: [container],
      });
    return { ok: false, issues, missing };
  }
  const input: PatientInput = {
    id: subject?.reference ?? 'patient',
    features: Object.fromEntries([...collector.features].map(([n, f]) => [n, f.value])),
    clinical: Object.fromEntries([...collector.clinical].map(([n, f]) => [n, f.value])),
  };
  const sources = Object.fromEntries(
    [...collector.clinical, ...collector.features].map(([n, f]) => [n, f.path]),
  );
  return subject ? { ok: true, input, basis, subject, sources } : { ok: true, input, basis, sources };
}

/** patientInputFromResources for the entries of a Bundle (paths `Bundle.entry[i].resource`, fullUrls kept). */
export function patientInputFromBundle(
  entries: readonly { resource?: Resource; fullUrl?: string }[],
  model: ModelInputs,
  options: Omit<InputMappingOptions, 'locations'> = {},
): PatientInputMapping {
  const resources: Resource[] = [];
  const locations: ResourceLocation[] = [];
  entries.forEach((entry, i) => {
    if (!isObject(entry) || !isObject(entry.resource)) return;
    resources.push(entry.resource);
    locations.push({
      path: `Bundle.entry[${i}].resource`,
      ...(entry.fullUrl ? { fullUrl: entry.fullUrl } : {}),
    });
  });
  return patientInputFromResources(resources, model, { ...options, locations });
}
