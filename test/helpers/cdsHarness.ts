/**
 * A CDS Hooks test bench: the service (real app, the demo model trained once, real loading and
 * prediction), a fake EHR signing JWTs with keys it serves as JWKS on loopback, and a small FHIR
 * server stub on loopback answering Observation searches from a patient's Observations. The
 * Observations are built here from a demo cohort row: ER / PR in LOINC with SNOMED CT values, every
 * other input in the service's CodeSystem, features as components of one panel.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { resolveCdsHooksConfig } from '../../src/cdsHooks/cdsConfig.js';
import {
  FEATURE_SYSTEM,
  LOINC,
  SNOMED,
  SNOMED_NEGATIVE,
  SNOMED_POSITIVE,
  UCUM,
} from '../../src/fhir/codes.js';
import { CLINICAL_INPUT_CODES } from '../../src/fhir/featureCodeSystem.js';
import type { PatientInput } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { type FakeEhr, startFakeEhr } from './fakeEhr.js';
import { type TestApp, makeTestApp } from './testApp.js';
import { patientInput, rowsOfSet, trainedDemoModel } from './trainedDemoModel.js';

export const BASE = 'https://her2.test.example';

export function receptorObservation(
  id: string,
  patientId: string,
  loinc: string,
  positive: boolean,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: `Patient/${patientId}` },
    valueCodeableConcept: {
      coding: [{ system: SNOMED, code: positive ? SNOMED_POSITIVE : SNOMED_NEGATIVE }],
    },
  };
}

/** The patient's Observations: one per LOINC-coded input, one per other clinical input, one feature panel. */
export function observationsOf(
  input: PatientInput,
  patientId: string,
): { receptors: Observation[]; radiomics: Observation[] } {
  const receptors: Observation[] = [];
  const radiomics: Observation[] = [];
  for (const [name, value] of Object.entries(input.clinical)) {
    const code = CLINICAL_INPUT_CODES.find((c) => c.name === name);
    if (!code) throw new Error(`no FHIR code for clinical input ${name}`);
    if (name === 'er' || name === 'pr') {
      receptors.push(receptorObservation(`${name}-${patientId}`, patientId, code.code, Number(value) >= 1));
      continue;
    }
    const obs: Observation = {
      resourceType: 'Observation',
      id: `${name}-${patientId}`,
      status: 'final',
      code: { coding: [{ system: code.system, code: code.code }] },
      subject: { reference: `Patient/${patientId}` },
      valueQuantity: { value: Number(value), system: UCUM, code: code.units[0], unit: code.units[0] },
    };
    (code.system === LOINC ? receptors : radiomics).push(obs);
  }
  radiomics.push({
    resourceType: 'Observation',
    id: `radiomics-${patientId}`,
    status: 'final',
    code: { text: 'PET/CT radiomic features of the index lesion' },
    subject: { reference: `Patient/${patientId}` },
    component: Object.entries(input.features).map(([name, value]) => ({
      code: { coding: [{ system: FEATURE_SYSTEM, code: name }] },
      valueQuantity: { value: Number(value) },
    })),
  });
  return { receptors, radiomics };
}

export function searchset(resources: Observation[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `http://fhir.test/Observation/${resource.id}`,
      resource,
    })),
  };
}

export interface FhirStub {
  /** FHIR base URL, e.g. http://127.0.0.1:1234/fhir */
  url: string;
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** Answers `GET <base>/Observation?patient=<id>&code=...` with the Observations of the codes asked for. */
export async function startFhirStub(observations: Record<string, Observation[]>): Promise<FhirStub> {
  const requests: FhirStub['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', 'http://stub');
    const patient = url.searchParams.get('patient') ?? '';
    const code = url.searchParams.get('code') ?? '';
    const own = observations[patient] ?? [];
    const matches = own.filter(
      (o) =>
        (o.code.coding ?? []).some((c) => code.split(',').some((t) => t === `${c.system}|${c.code}`)) ||
        (code === `${FEATURE_SYSTEM}|` && (o.component ?? []).length > 0) ||
        (code === `${FEATURE_SYSTEM}|` && (o.code.coding ?? []).some((c) => c.system === FEATURE_SYSTEM)),
    );
    res.setHeader('content-type', 'application/fhir+json');
    res.end(JSON.stringify(searchset(matches)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CdsBench {
  t: TestApp;
  ehr: FakeEhr;
  fhir: FhirStub;
  /** A FHIR server with the same data that is NOT on the allowlist. */
  offList: FhirStub;
  /** A patient of the demo cohort's external site with every input the model needs. */
  patient: {
    id: string;
    input: PatientInput;
    observations: { receptors: Observation[]; radiomics: Observation[] };
  };
  model: ReturnType<typeof loadModel>;
  token(path: string): Promise<string>;
  close(): Promise<void>;
}

export async function startCdsBench(options: { baseUrl?: string | null } = {}): Promise<CdsBench> {
  const demo = await trainedDemoModel();
  const model = loadModel(demo.artifact);
  const row = rowsOfSet(demo.cohort, 'external')[0];
  const fullInput = patientInput(demo.cohort, row, model.requiredFeatures);
  const input: PatientInput = {
    ...fullInput,
    clinical: Object.fromEntries(model.requiredClinical.map((c) => [c, fullInput.clinical[c]])),
  };
  const patientId = 'demo-ext-1';
  const observations = observationsOf(input, patientId);
  const all = { [patientId]: [...observations.receptors, ...observations.radiomics] };
  const ehr = await startFakeEhr();
  const fhir = await startFhirStub(all);
  const offList = await startFhirStub(all);
  const t = await makeTestApp({
    artifacts: [demo.artifact],
    modelLoader: loadModel,
    config: {
      cdsHooks: resolveCdsHooksConfig({
        baseUrl: options.baseUrl === undefined ? BASE : options.baseUrl,
        issuers: { [ehr.iss]: { jwks: ehr.jwksUrl, jku: [] } },
        fhirServers: [fhir.url],
      }),
    },
  });
  await t.app.ready();
  return {
    t,
    ehr,
    fhir,
    offList,
    patient: { id: patientId, input, observations },
    model,
    token: (path) => ehr.sign({ aud: `${BASE}${path}` }),
    async close() {
      await t.close();
      await ehr.close();
      await fhir.close();
      await offList.close();
    },
  };
}
