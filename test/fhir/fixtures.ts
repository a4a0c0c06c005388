/** The FHIR example requests (test/fixtures/fhir/, written by scripts/write-fhir-examples.ts) and the example patients they hold. */
import { readFileSync } from 'node:fs';
import type { Bundle, Parameters } from '@medplum/fhirtypes';
import type { PatientInput } from '../../src/model/her2Model.js';

const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
const clone = <T>(v: T): T => structuredClone(v);

export const predictBundle = (): Bundle => clone(read<Bundle>('../fixtures/fhir/predict-bundle.json'));
export const predictParameters = (): Parameters =>
  clone(read<Parameters>('../fixtures/fhir/predict-parameters.json'));
export const trainBundle = (): Bundle => clone(read<Bundle>('../fixtures/fhir/train-bundle.json'));
export const examplePatients = (): PatientInput[] =>
  read<{ patients: PatientInput[] }>('../../examples/prediction-request.json').patients;

/** What a model needing exactly the example patient's inputs asks for. */
export function inputsOf(p: PatientInput) {
  return { requiredFeatures: Object.keys(p.features), requiredClinical: Object.keys(p.clinical) };
}
