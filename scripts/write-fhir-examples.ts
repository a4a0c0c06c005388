/**
 * npm run fhir:examples — writes the FHIR example requests under test/fixtures/fhir/ (SYNTHETIC demo
 * patients): predict-bundle.json (inst2-005 of examples/prediction-request.json: a Patient, ER and PR
 * coded in SNOMED CT, the features as one panel Observation), predict-parameters.json (inst2-001 in a
 * Parameters: ER / PR as percentages, one Observation per feature) and train-bundle.json (120 demo
 * patients with the same features, their HER2 IHC / ISH results and the HTEST label). Deterministic.
 */
import { readFileSync } from 'node:fs';
import type { Observation, Parameters, Patient, Resource } from '@medplum/fhirtypes';
import { demoAsCohort, generateDemoCohort } from '../src/demo/index.js';
import { writeFileAtomic } from '../src/io/atomicWrite.js';
import type { PatientInput } from '../src/model/her2Model.js';
import {
  LOINC,
  LOINC_HER2_IHC,
  LOINC_HER2_ISH,
  SNOMED,
  SNOMED_NEGATIVE,
  SNOMED_POSITIVE,
} from '../src/fhir/codes.js';
import { collectionBundle, inputObservations } from '../src/fhir/inputObservations.js';
import { HTEST } from '../src/fhir/trainingBundle.js';

const OUT = 'test/fixtures/fhir';
const EFFECTIVE = '2025-01-15';
const request = JSON.parse(readFileSync('examples/prediction-request.json', 'utf8')) as {
  patients: PatientInput[];
};
const [first, second] = request.patients;

const patient = (id: string, site?: string): Patient => ({
  resourceType: 'Patient',
  id,
  meta: { security: [{ ...HTEST, display: 'test health data' }] },
  ...(site ? { managingOrganization: { display: site } } : {}),
});
const write = (name: string, value: unknown, indent = 2) =>
  writeFileAtomic(`${OUT}/${name}`, `${JSON.stringify(value, null, indent)}\n`);

await write(
  'predict-bundle.json',
  collectionBundle([
    patient(first.id),
    ...inputObservations(first, {
      subject: { reference: `Patient/${first.id}` },
      idPrefix: first.id,
      effective: EFFECTIVE,
    }),
  ]),
);

// The second patient with percentages for ER / PR (the cohort's >= 1% rule reads them).
const percentages: PatientInput = {
  ...second,
  clinical: {
    er: second.clinical.er === 'positive' ? 60 : 0,
    pr: second.clinical.pr === 'positive' ? 15 : 0.5,
  },
};
const parameters: Parameters = {
  resourceType: 'Parameters',
  parameter: [
    { name: 'patient', valueReference: { reference: `Patient/${second.id}` } },
    ...inputObservations(percentages, {
      subject: { reference: `Patient/${second.id}` },
      panel: false,
      idPrefix: second.id,
      effective: EFFECTIVE,
    }).map((resource) => ({ name: 'observation', resource })),
  ],
};
await write('predict-parameters.json', parameters);

// Training: the first 120 demo patients (both sites), the example's features, IHC / ISH from the status.
const cohort = demoAsCohort(generateDemoCohort());
const features = Object.keys(first.features);
const coded = (positive: boolean) => ({
  coding: [
    {
      system: SNOMED,
      code: positive ? SNOMED_POSITIVE : SNOMED_NEGATIVE,
      display: positive ? 'Positive' : 'Negative',
    },
  ],
});
const resources: Resource[] = [];
const rowsOf = (site: string, n: number) =>
  [...cohort.patientIds.keys()].filter((i) => cohort.sites[i] === site && i % 2 === 0).slice(0, n);
const rows = [...rowsOf('institution1', 80), ...rowsOf('institution2', 40)];
rows.forEach((i, k) => {
  const id = cohort.patientIds[i];
  const subject = { reference: `Patient/${id}` };
  const input: PatientInput = { id, features: {}, clinical: {} };
  for (const f of features) input.features[f] = cohort.features[cohort.featureNames.indexOf(f)][i];
  for (const [name, column] of Object.entries(cohort.clinical))
    if (column && Number.isFinite(column[i]))
      input.clinical[name] =
        name === 'er' || name === 'pr' ? (column[i] ? 'positive' : 'negative') : column[i];
  // IHC 2+ with ISH for every fourth over / low patient, so the ASCO/CAP rule is exercised.
  const status = cohort.labels[i];
  const equivocal = status !== 'zero' && k % 4 === 0;
  const ihc = equivocal ? '2+' : status === 'over' ? '3+' : status === 'low' ? '1+' : '0';
  const her2: Observation[] = [
    {
      resourceType: 'Observation',
      status: 'final',
      subject,
      code: { coding: [{ system: LOINC, code: LOINC_HER2_IHC }] },
      valueCodeableConcept: { text: ihc },
    },
    ...(equivocal
      ? [
          {
            resourceType: 'Observation',
            status: 'final',
            subject,
            code: { coding: [{ system: LOINC, code: LOINC_HER2_ISH }] },
            valueCodeableConcept: coded(status === 'over'),
          } as Observation,
        ]
      : []),
  ];
  resources.push(patient(id, cohort.sites[i]), ...inputObservations(input, { subject }), ...her2);
});
const training = collectionBundle(resources, '00000000-0000-4000-8001');
training.meta = { security: [{ ...HTEST, display: 'test health data' }] };
await write('train-bundle.json', training, 0); // compact: ~0.6 MB
console.log(
  `${OUT}: predict-bundle.json, predict-parameters.json, train-bundle.json (${rows.length} patients)`,
);
