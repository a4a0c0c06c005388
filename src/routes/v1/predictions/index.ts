/**
 * POST /v1/predictions — calibrated HER2 status predictions for a batch of patients.
 *
 * The JSON body is parsed by a scoped parser that also takes the sha256 of the raw bytes for the
 * audit record (one per request, on its own log stream; no patient ids or values). Every patient is
 * checked for missing required inputs before the model runs, so a 422 lists all of them at once; a
 * 422 for inputs too far outside the training distribution lists every such input of the batch.
 */
import * as crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Her2Status } from '../../../cohort/cohort.js';
import {
  type Her2Model,
  OutOfDistributionError,
  type PatientInput,
  type PatientPrediction,
  type PredictOptions,
} from '../../../model/her2Model.js';
import { HttpError } from '../../../plugins/errors.js';
import { securityFor } from '../../../plugins/auth.js';
import { modelInfo } from '../../schemas.js';
import { type PredictionBody, type PredictionQuery, predictionRouteSchema } from './schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** sha256 (hex) of the raw request body, for the audit log. */
    bodySha256: string | null;
  }
}

/** Hex sha256: one-shot crypto.hash where Node has it (>= 20.12), else a Hash object. */
const sha256Hex: (bytes: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha256', bytes, 'hex')
    : (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

interface MissingEntry {
  patientId: string;
  missing: string[];
}

function findMissing(model: Her2Model, patients: PredictionBody['patients']): MissingEntry[] {
  const out: MissingEntry[] = [];
  const reqF = model.requiredFeatures;
  const reqC = model.requiredClinical;
  for (const p of patients) {
    let missing: string[] | undefined;
    for (let i = 0; i < reqF.length; i++)
      if (!Object.hasOwn(p.features, reqF[i])) (missing ??= []).push(reqF[i]);
    const clinical = (p.clinical ??= {});
    for (let i = 0; i < reqC.length; i++)
      if (!Object.hasOwn(clinical, reqC[i])) (missing ??= []).push(reqC[i]);
    if (missing) out.push({ patientId: p.id, missing });
  }
  return out;
}

/** model.predict, with the way to opt in added to an out-of-distribution refusal. */
function predictOrExplain(
  model: Her2Model,
  patients: PatientInput[],
  options: PredictOptions,
): PatientPrediction[] {
  try {
    return model.predict(patients, options);
  } catch (e) {
    if (!(e instanceof OutOfDistributionError)) throw e;
    throw new HttpError(
      422,
      `${e.message}; the model is not trusted that far from its training data (add ?allowOutOfDistribution=true to predict anyway, flagged)`,
      e.inputs,
      'out-of-distribution',
    );
  }
}

export default async function predictionRoutes(app: FastifyInstance): Promise<void> {
  const { config, models, audit } = app.her2;
  const auth = ['predict'] as const;

  app.decorateRequest('bodySha256', null);
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // The body is read as bytes: hashed as received (exactly what the client sent; no re-encoding of
  // a decoded string), then decoded as UTF-8 and parsed by Fastify's own JSON parser.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: config.predictionBodyLimit },
    (request, body, done) => {
      request.bodySha256 = sha256Hex(body as Buffer);
      jsonParser(request, (body as Buffer).toString('utf8'), done);
    },
  );

  app.post<{ Body: PredictionBody; Querystring: PredictionQuery }>(
    '',
    {
      bodyLimit: config.predictionBodyLimit,
      config: { auth },
      schema: {
        ...predictionRouteSchema(config.batchLimit),
        ...securityFor(auth),
        description: `Up to ${config.batchLimit} patients per request. ${securityFor(auth).roleNote}`,
      },
      // callback style: an async hook costs a promise and a microtask per request
      onResponse: (request: FastifyRequest, reply, done) => {
        const body = request.body as PredictionBody | undefined;
        audit.info({
          reqId: request.id,
          keyId: request.apiKey?.id ?? null,
          modelId: request.modelId,
          patients: Array.isArray(body?.patients) ? body.patients.length : 0,
          inputSha256: request.bodySha256,
          statusCode: reply.statusCode,
        });
        done();
      },
    },
    async (request) => {
      const requested = request.query.model;
      const model = requested !== undefined ? await models.get(requested) : models.active;
      if (!model) throw new HttpError(503, `no model is loaded (${models.notReadyReason}); retry later`);
      request.modelId = model.id;
      const patients = request.body.patients;
      const missing = findMissing(model, patients);
      if (missing.length > 0) {
        const first = missing[0];
        throw new HttpError(
          422,
          `${missing.length} patient(s) lack required inputs; first: patient ${first.patientId} misses ${first.missing.join(', ')}`,
          missing,
          'missing-inputs',
        );
      }
      // findMissing filled in absent `clinical`
      const predictions = predictOrExplain(model, patients as PatientInput[], {
        outOfDistributionRejectSds: config.outOfDistributionRejectSds,
        allowOutOfDistribution: request.query.allowOutOfDistribution === 'true',
        unknownSite: config.unknownSite,
      });
      const counts: Record<Her2Status, number> = { over: 0, low: 0, zero: 0 };
      for (const p of predictions) if (p.status !== null) counts[p.status]++;
      app.metrics.countPredictions(model.id, counts);
      return { model: modelInfo(model.artifact, models.active?.id), predictions };
    },
  );
}
