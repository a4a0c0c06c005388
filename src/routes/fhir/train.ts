/**
 * POST /fhir/$her2-train: a Bundle of many patients' Observations with their HER2 results → the cohort
 * CSV (src/fhir/trainingBundle.ts) → the same job runner as POST /v1/training-jobs. Answers 202 with
 * the job's Location and an OperationOutcome naming it. A large Bundle is validated in a worker thread
 * (src/fhir/validationThread.ts), so the replica keeps answering other requests meanwhile.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { issue, operationOutcome } from '../../fhir/issues.js';
import { cohortCsvFromBundle } from '../../fhir/trainingBundle.js';
import { FhirValidationThread } from '../../fhir/validationThread.js';
import { QueueFullError } from '../../jobs/jobRunner.js';
import { securityFor } from '../../plugins/auth.js';
import { checkTrainingConfig } from '../v1/training-jobs/trainingConfig.js';
import { FHIR_JSON, FhirOperationError } from './fhirErrors.js';
import { type TrainQuery, trainRouteSchema } from './schema.js';

interface TrainRequest {
  cohort: Bundle;
  activate: boolean;
  config: Record<string, unknown>;
}

function parseConfig(text: string, path: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new FhirOperationError(400, [
      issue('invalid', 'config must be a JSON object (the training configuration)', path),
    ]);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new FhirOperationError(400, [
      issue('invalid', 'config must be a JSON object (the training configuration)', path),
    ]);
  return config as Record<string, unknown>;
}

/** The cohort Bundle and options, from a Bundle sent as it is or a Parameters (cohort, activate, config). */
function trainRequest(body: Resource, query: TrainQuery): TrainRequest {
  if (body.resourceType === 'Bundle')
    return { cohort: body, activate: query.activate === 'true', config: {} };
  if (body.resourceType !== 'Parameters')
    throw new FhirOperationError(400, [
      issue('not-supported', `expected a Bundle or a Parameters, not a ${body.resourceType}`, 'resourceType'),
    ]);
  const out: Partial<TrainRequest> = { activate: query.activate === 'true', config: {} };
  (body.parameter ?? []).forEach((p, i) => {
    const at = `Parameters.parameter[${i}]`;
    if (p.name === 'cohort' && p.resource?.resourceType === 'Bundle') out.cohort = p.resource;
    else if (p.name === 'activate' && typeof p.valueBoolean === 'boolean') out.activate = p.valueBoolean;
    else if (p.name === 'config' && typeof p.valueString === 'string')
      out.config = parseConfig(p.valueString, `${at}.valueString`);
    else
      throw new FhirOperationError(400, [
        issue(
          'not-supported',
          `unknown or mistyped parameter '${p.name}' (cohort: Bundle, activate: valueBoolean, config: valueString)`,
          at,
        ),
      ]);
  });
  if (!out.cohort)
    throw new FhirOperationError(400, [
      issue('required', 'the Parameters hold no cohort Bundle', 'Parameters.parameter'),
    ]);
  return out as TrainRequest;
}

export default async function fhirTrainRoute(app: FastifyInstance): Promise<void> {
  const { config, jobs } = app.her2;
  const auth = ['train'] as const;
  // A cohort Bundle of hundreds of patients takes seconds to validate: off the event loop.
  const validator = new FhirValidationThread();
  app.addHook('onClose', async () => validator.close());

  app.post<{ Body: Resource; Querystring: TrainQuery }>(
    '/$her2-train',
    {
      bodyLimit: config.trainingJsonBodyLimit,
      config: { auth, longBody: true },
      schema: {
        ...trainRouteSchema,
        ...securityFor(auth),
        description: `${trainRouteSchema.description} ${securityFor(auth).roleNote}`,
      },
      preParsing: async () => {
        if (await jobs.isQueueFull()) throw new QueueFullError(config.maxQueuedJobs);
      },
    },
    async (request, reply) => {
      const invalid = await validator.validationErrors(request.body);
      if (invalid.length > 0) throw new FhirOperationError(400, invalid.slice(0, 100));
      const { cohort, activate, config: trainingConfig } = trainRequest(request.body, request.query);
      if (cohort.type !== 'collection')
        throw new FhirOperationError(400, [
          issue(
            'invalid',
            `the cohort Bundle must be of type collection, not ${String(cohort.type)}`,
            'Bundle.type',
          ),
        ]);
      checkTrainingConfig(trainingConfig);
      const converted = cohortCsvFromBundle(cohort, {
        imputeMissing: trainingConfig.missing === 'impute-median',
      });
      if (!converted.ok) throw new FhirOperationError(422, converted.issues);
      const record = await jobs.submit(
        { cohortCsv: converted.csv, config: trainingConfig, cohortName: 'FHIR Bundle ($her2-train)' },
        { activate, submittedBy: request.apiKey?.id ?? null },
      );
      const location = `/v1/training-jobs/${record.id}`;
      return reply
        .code(202)
        .header('location', location)
        .type(FHIR_JSON)
        .send(
          operationOutcome([
            {
              severity: 'information',
              code: 'informational',
              diagnostics: `training job ${record.id} queued: ${converted.patients} patients, ${converted.features} features${converted.synthetic ? ' (SYNTHETIC: the Bundle is labelled HTEST)' : ''}; follow it at GET ${location}`,
              expression: [],
            },
          ]),
        );
    },
  );
}
