/**
 * POST /fhir/RiskAssessment/$her2-predict: one patient's Observations (a Bundle of type collection,
 * or Parameters) → a Bundle of RiskAssessment, Device and Provenance. The request and the answer are
 * both validated against the R4 definitions; the input is mapped by src/fhir/observationsToInput.ts.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { HER2_STATUSES, type Her2Status } from '../../cohort/cohort.js';
import { issue } from '../../fhir/issues.js';
import { patientInputFromResources } from '../../fhir/observationsToInput.js';
import { buildPredictionBundle } from '../../fhir/riskAssessment.js';
import { validationErrors } from '../../fhir/validate.js';
import type { PatientPrediction } from '../../model/her2Model.js';
import { securityFor } from '../../plugins/auth.js';
import { HttpError } from '../../plugins/errors.js';
import { packageVersions } from '../../provenance/packageVersions.js';
import { FHIR_JSON, FhirOperationError } from './fhirErrors.js';
import { modelRefusal } from './predictErrors.js';
import { requestResources } from './requestResources.js';
import { type PredictQuery, predictRouteSchema } from './schema.js';

const SOFTWARE_VERSION = packageVersions()['her2-radiomics'];

export default async function fhirPredictRoute(app: FastifyInstance): Promise<void> {
  const { config, models, audit } = app.her2;
  const auth = ['predict'] as const;

  app.post<{ Body: Resource; Querystring: PredictQuery }>(
    '/RiskAssessment/$her2-predict',
    {
      bodyLimit: config.predictionBodyLimit,
      config: { auth },
      schema: {
        ...predictRouteSchema,
        ...securityFor(auth),
        description: `${predictRouteSchema.description} ${securityFor(auth).roleNote}`,
      },
      onResponse: (request, reply, done) => {
        audit.info({
          reqId: request.id,
          keyId: request.apiKey?.id ?? null,
          modelId: request.modelId,
          route: 'fhir-her2-predict',
          patients: 1,
          statusCode: reply.statusCode,
        });
        done();
      },
    },
    async (request, reply) => {
      const invalid = validationErrors(request.body);
      if (invalid.length > 0) throw new FhirOperationError(400, invalid);
      const { resources, locations, subject } = requestResources(request.body);
      const requested = request.query.model;
      const model = requested !== undefined ? await models.get(requested) : models.active;
      if (!model) throw new HttpError(503, `no model is loaded (${models.notReadyReason}); retry later`);
      request.modelId = model.id;

      const mapped = patientInputFromResources(resources, model, {
        locations,
        ...(subject ? { subject } : {}),
      });
      if (!mapped.ok) throw new FhirOperationError(422, mapped.issues);
      if (!mapped.subject)
        throw new FhirOperationError(422, [
          issue(
            'required',
            'no patient: give the Observations a subject, include the Patient, or send a Parameters patient',
            'Bundle.entry.resource.subject',
          ),
        ]);
      let prediction: PatientPrediction;
      try {
        [prediction] = model.predict([mapped.input], {
          outOfDistributionRejectSds: config.outOfDistributionRejectSds,
          allowOutOfDistribution: request.query.allowOutOfDistribution === 'true',
        });
      } catch (e) {
        throw modelRefusal(e, mapped.sources) ?? e;
      }
      const bundle = buildPredictionBundle(prediction, model.artifact, mapped.basis, mapped.subject, {
        softwareVersion: SOFTWARE_VERSION,
      });
      // The answer is validated like the request: a Bundle that is not valid R4 is our bug, never sent.
      const wrong = validationErrors(bundle);
      if (wrong.length > 0) {
        request.log.error({ issues: wrong }, 'the prediction Bundle is not valid FHIR R4');
        throw new Error('the prediction Bundle failed R4 validation');
      }
      const counts: Record<Her2Status, number> = { over: 0, low: 0, zero: 0 };
      if (prediction.status !== null && HER2_STATUSES.includes(prediction.status))
        counts[prediction.status]++;
      app.metrics.countPredictions(model.id, counts);
      return reply.type(FHIR_JSON).send(bundle);
    },
  );
}
