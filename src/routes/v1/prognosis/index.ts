/**
 * POST /v1/prognosis — one patient's lesions → the prognosis model's marker, risk group and that
 * group's KM PFS at 6, 12 and 24 months. Lesion values are checked the way the lesion table is:
 * a contour needs both its SUVmean and MTV, and SUVmean above SUVmax is a 400 naming the field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sha256Hex } from '../../../io/sha256.js';
import { HttpError } from '../../../plugins/errors.js';
import { securityFor } from '../../../plugins/auth.js';
import { AnalysisInputError } from '../../../prognosis/analysisInputError.js';
import { THRESHOLDS, mtvColumn, suvMeanColumn, type Lesion } from '../../../prognosis/lesionTable.js';
import { predictPrognosis } from '../../../prognosis/predictPrognosis.js';
import { type PrognosisBody, prognosisRouteSchema } from './schema.js';

function toLesions(body: PrognosisBody): Lesion[] {
  return body.lesions.map((raw, i) => {
    const field = (name: string) => `body/lesions/${i}/${name}`;
    const measures: Lesion['measures'] = {};
    for (const t of THRESHOLDS) {
      const suvMean = raw[suvMeanColumn(t)] as number | undefined;
      const mtv = raw[mtvColumn(t)] as number | undefined;
      if ((suvMean === undefined) !== (mtv === undefined)) {
        const missing = suvMean === undefined ? suvMeanColumn(t) : mtvColumn(t);
        throw new HttpError(
          400,
          `${field(missing)} is missing: a contour at threshold ${t} needs both SUVmean and MTV`,
        );
      }
      if (suvMean === undefined || mtv === undefined) continue;
      if (suvMean > raw.suv_max) {
        throw new HttpError(400, `${field(suvMeanColumn(t))} (${suvMean}) is above suv_max (${raw.suv_max})`);
      }
      measures[t] = { suvMean, mtv };
    }
    return {
      patientId: body.id ?? '',
      lesionId: raw.lesion_id ?? String(i + 1),
      site: raw.site ?? null,
      suvMax: raw.suv_max,
      measures,
    };
  });
}

export default async function prognosisRoutes(app: FastifyInstance): Promise<void> {
  const { audit } = app.her2;
  const auth = ['predict'] as const;
  app.post<{ Body: PrognosisBody }>(
    '',
    {
      config: { auth },
      schema: {
        ...prognosisRouteSchema,
        ...securityFor(auth),
        description:
          'The patient-level marker of the served prognosis model (HI50_max in the default, built from the SYNTHETIC ' +
          `hi-pfs demo cohort at the study's cut-off 1.571), its risk group and the group's PFS. ${securityFor(auth).roleNote}`,
      },
      // One audit record per request, like predictions: who, which model, a hash of the input, never its values.
      // The hash is of the parsed body re-serialised (this route keeps Fastify's JSON parser).
      onResponse: (request: FastifyRequest, reply, done) => {
        audit.info({
          reqId: request.id,
          route: 'prognosis',
          keyId: request.apiKey?.id ?? null,
          modelId: request.modelId,
          patients: request.body === undefined ? 0 : 1,
          inputSha256: request.body === undefined ? null : sha256Hex(JSON.stringify(request.body)),
          statusCode: reply.statusCode,
        });
        done();
      },
    },
    async (request) => {
      const model = app.her2.prognosis;
      if (model === null) throw new HttpError(503, 'no prognosis model is loaded');
      request.modelId = model.id;
      const lesions = toLesions(request.body);
      let result;
      try {
        result = predictPrognosis(model, lesions);
      } catch (error) {
        if (error instanceof AnalysisInputError) throw new HttpError(422, error.message);
        throw error;
      }
      return {
        model: {
          id: model.id,
          createdAt: model.createdAt,
          synthetic: model.synthetic,
          syntheticWarning: model.syntheticWarning,
          cohort: model.cohort,
          marker: model.marker,
          cutoff: model.cutoff,
          cutoffSource: model.cutoffSource,
        },
        patient: { ...(request.body.id === undefined ? {} : { id: request.body.id }), ...result },
      };
    },
  );
}
