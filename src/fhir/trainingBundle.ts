/**
 * A training Bundle → the cohort CSV the CSV route takes, so a FHIR upload trains exactly as a file
 * does. The Bundle holds, per patient, the Observations a prediction reads plus the HER2 result (IHC,
 * and ISH for IHC 2+); Observations are grouped by subject. A Patient's managingOrganization names its
 * site (else one site, `fhir`). A Bundle tagged HTEST (test health data) in meta.security or meta.tag
 * makes the cohort synthetic. Every problem is an issue with a FHIRPath; none → the CSV.
 */
import type { Bundle, Coding, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { CLINICAL_COLUMNS } from '../cohort/cohort.js';
import { formatCsvRow } from '../cohort/csvWriter.js';
import { USABLE_OBSERVATION_STATUSES } from './codes.js';
import { describeInput } from './featureCodeSystem.js';
import { type Her2ResultKind, her2ResultCell, her2ResultKind } from './her2Result.js';
import { type FhirIssue, issue } from './issues.js';
import { type ResourceLocation, patientInputFromResources, referenceTo } from './observationsToInput.js';

export const HTEST = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST' } as const;
/** At most this many issues are listed (a Bundle of thousands of bad entries must not make a huge answer). */
export const MAX_ISSUES = 100;

export type CohortConversion =
  | { ok: true; csv: string; patients: number; features: number; synthetic: boolean }
  | { ok: false; issues: FhirIssue[] };

interface PatientGroup {
  reference: string;
  site: string;
  resources: Resource[];
  locations: ResourceLocation[];
  her2: Partial<Record<Her2ResultKind, { cell: string; path: string }>>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isTestData(bundle: Bundle): boolean {
  const labels: Coding[] = [...(bundle.meta?.security ?? []), ...(bundle.meta?.tag ?? [])];
  return labels.some((c) => isObject(c) && c.system === HTEST.system && c.code === HTEST.code);
}

function siteOf(patient: Patient): string | undefined {
  const org = patient.managingOrganization;
  const site = org?.display ?? org?.reference;
  return typeof site === 'string' && site.trim() !== '' ? site.trim() : undefined;
}

const bySubject = (reference: string) =>
  `Bundle.entry.resource.where(subject.reference = '${reference.replace(/'/g, "\\'")}')`;

/** Groups the entries by patient; HER2 results are read here, the rest by patientInputFromResources. */
function groupByPatient(bundle: Bundle, issues: FhirIssue[]): Map<string, PatientGroup> {
  const groups = new Map<string, PatientGroup>();
  const sites = new Map<string, string>();
  const group = (reference: string): PatientGroup => {
    let g = groups.get(reference);
    if (!g) groups.set(reference, (g = { reference, site: 'fhir', resources: [], locations: [], her2: {} }));
    return g;
  };
  (bundle.entry ?? []).forEach((entry, i) => {
    const resource = isObject(entry) ? (entry.resource as Resource | undefined) : undefined;
    if (!isObject(resource as unknown) || !resource) return;
    const location: ResourceLocation = {
      path: `Bundle.entry[${i}].resource`,
      ...(entry.fullUrl ? { fullUrl: entry.fullUrl } : {}),
    };
    if (resource.resourceType === 'Patient') {
      const ref = referenceTo(resource, location).reference;
      const site = siteOf(resource as Patient);
      if (ref && site) sites.set(ref, site);
      return;
    }
    if (resource.resourceType !== 'Observation') return;
    const obs = resource as Observation;
    if (!USABLE_OBSERVATION_STATUSES.has(obs.status)) return;
    const subject = obs.subject?.reference;
    if (typeof subject !== 'string' || subject === '') {
      issues.push(
        issue(
          'required',
          'a training Observation must name its patient (subject.reference)',
          `${location.path}.subject`,
        ),
      );
      return;
    }
    const g = group(subject);
    const kind = her2ResultKind(obs);
    if (!kind) {
      g.resources.push(obs);
      g.locations.push(location);
      return;
    }
    const read = her2ResultCell(obs, kind, location.path);
    if ('issue' in read) issues.push(read.issue);
    else if (g.her2[kind] && g.her2[kind].cell !== read.cell)
      issues.push(
        issue(
          'business-rule',
          `two HER2 ${kind === 'ihc' ? 'IHC' : 'ISH'} results of ${subject} disagree`,
          g.her2[kind].path,
          location.path,
        ),
      );
    else g.her2[kind] = { cell: read.cell, path: location.path };
  });
  for (const [ref, site] of sites) if (groups.has(ref)) groups.get(ref)!.site = site;
  return groups;
}

/**
 * The cohort CSV of a training Bundle. `imputeMissing`: the training config imputes missing feature
 * values (config `missing: impute-median`), so a patient may lack a feature the others have.
 */
export function cohortCsvFromBundle(
  bundle: Bundle,
  options: { imputeMissing?: boolean; modalities?: readonly string[] } = {},
): CohortConversion {
  const issues: FhirIssue[] = [];
  const groups = groupByPatient(bundle, issues);
  if (groups.size === 0 && issues.length === 0)
    issues.push(issue('required', 'the Bundle holds no patient Observations', 'Bundle.entry'));
  const none = { requiredFeatures: [], requiredClinical: [] };
  const rows: {
    g: PatientGroup;
    features: Record<string, number | string>;
    clinical: Record<string, number | string>;
  }[] = [];
  for (const g of groups.values()) {
    const mapped = patientInputFromResources(g.resources, none, {
      locations: g.locations,
      modalities: options.modalities,
    });
    if (!mapped.ok) {
      issues.push(...mapped.issues);
      continue;
    }
    if (!g.her2.ihc)
      issues.push(
        issue('required', `${g.reference} has no HER2 IHC result (LOINC 18474-7)`, bySubject(g.reference)),
      );
    for (const name of ['er', 'pr'])
      if (mapped.input.clinical[name] === undefined)
        issues.push(
          issue('required', `${g.reference} has no ${describeInput(name)}`, bySubject(g.reference)),
        );
    rows.push({ g, features: mapped.input.features, clinical: mapped.input.clinical });
  }
  const featureNames = [...new Set(rows.flatMap((r) => Object.keys(r.features)))];
  const clinicalNames = CLINICAL_COLUMNS.filter((c) => rows.some((r) => r.clinical[c] !== undefined));
  if (!options.imputeMissing) {
    for (const r of rows) {
      const lacking = featureNames.filter((f) => r.features[f] === undefined);
      if (lacking.length > 0)
        issues.push(
          issue(
            'required',
            `${r.g.reference} lacks ${lacking.length} feature(s) other patients have (first: ${lacking[0]}); send them, or train with config missing: impute-median`,
            bySubject(r.g.reference),
          ),
        );
    }
  }
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_ISSUES);
    if (issues.length > MAX_ISSUES)
      shown.push({
        severity: 'information',
        code: 'too-costly',
        diagnostics: `${issues.length - MAX_ISSUES} more issues not listed`,
        expression: ['Bundle'],
      });
    return { ok: false, issues: shown };
  }
  const synthetic = isTestData(bundle);
  const lines = [
    `# cohort from a FHIR Bundle${synthetic ? ' - SYNTHETIC (Bundle labelled HTEST, test health data)' : ''}`,
    formatCsvRow(['patient_id', 'site', 'ihc', 'fish', ...clinicalNames, ...featureNames]),
    ...rows.map(({ g, features, clinical }) =>
      formatCsvRow([
        g.reference,
        g.site,
        g.her2.ihc?.cell ?? '',
        g.her2.fish?.cell ?? '',
        ...clinicalNames.map((c) => clinical[c] ?? ''),
        ...featureNames.map((f) => features[f] ?? ''),
      ]),
    ),
  ];
  return {
    ok: true,
    csv: `${lines.join('\n')}\n`,
    patients: rows.length,
    features: featureNames.length,
    synthetic,
  };
}
