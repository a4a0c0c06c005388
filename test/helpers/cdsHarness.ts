/**
 * A CDS Hooks test bench: the service (real app, the demo model trained once, real loading and
 * prediction), a fake EHR signing JWTs with keys it serves as JWKS on loopback, and a small FHIR
 * server stub on loopback answering Observation searches from a patient's Observations (a demo
 * cohort row written as Observations by src/cdsHooks/patientObservations.ts).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observation } from '@medplum/fhirtypes';
import { resolveCdsHooksConfig } from '../../src/cdsHooks/cdsConfig.js';
import { observationsOf, searchset } from '../../src/cdsHooks/patientObservations.js';
import { FEATURE_SYSTEM } from '../../src/fhir/codes.js';
import type { ServiceConfig } from '../../src/config.js';
import type { PatientInput } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { type FakeEhr, startFakeEhr } from './fakeEhr.js';
import { type TestApp, makeTestApp } from './testApp.js';
import { patientInput, rowsOfSet, trainedDemoModel } from './trainedDemoModel.js';

export const BASE = 'https://her2.test.example';

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

export async function startCdsBench(
  options: { baseUrl?: string | null; config?: Partial<ServiceConfig> } = {},
): Promise<CdsBench> {
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
      ...options.config,
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
