/**
 * The app with the real default model (the demo cohort's default training, as the service bootstraps
 * it; trained once per test file, ~5 s) and the real loader, for the /fhir route tests.
 */
import type { Bundle, OperationOutcome, RiskAssessment } from '@medplum/fhirtypes';
import type { ModelArtifact } from '../../../src/model/artifact.js';
import { loadModel } from '../../../src/model/loadModel.js';
import { trainFromRequest } from '../../../src/pipeline/trainFromRequest.js';
import { demoTrainingRequest } from '../../../src/serviceDependencies.js';
import { type TestApp, makeTestApp } from '../../helpers/testApp.js';

let artifact: Promise<ModelArtifact> | undefined;
export const defaultArtifact = (): Promise<ModelArtifact> =>
  (artifact ??= trainFromRequest(demoTrainingRequest(), () => undefined));

export async function fhirTestApp(): Promise<TestApp> {
  return makeTestApp({ artifacts: [await defaultArtifact()], modelLoader: loadModel });
}

export const FHIR = 'application/fhir+json';

export const riskAssessmentOf = (bundle: Bundle): RiskAssessment =>
  bundle.entry!.find((e) => e.resource?.resourceType === 'RiskAssessment')!.resource as RiskAssessment;

/** The expressions of an OperationOutcome's issues, flattened. */
export const expressionsOf = (outcome: OperationOutcome): string[] =>
  (outcome.issue ?? []).flatMap((i) => i.expression ?? []);
