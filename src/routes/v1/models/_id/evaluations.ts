/**
 * POST /v1/models/:id/evaluations: the frozen-model evaluation of a stored model on an uploaded
 * labelled cohort (the cohort CSV as `text/csv`, or JSON `{cohortCsv}`), answered with the same JSON
 * as `her2 evaluate --json`, or with its HTML report for `?format=html`.
 *
 * Role: train. An evaluation takes a whole labelled cohort, the same research data a training upload
 * does, and is bounded like one (trainingBodyLimit); the predict role is for clinical integrations
 * sending a few unlabelled patients within the small bodyLimit. Evaluating changes nothing stored.
 * Patients per request are capped at MAX_EVALUATION_PATIENTS, as predictions are, because the
 * evaluation runs on the request (it is a few thousand predictions, not a training run).
 */
import type { FastifyInstance } from 'fastify';
import { parseCohortText } from '../../../../cohort/parseCohort.js';
import { sha256Hex } from '../../../../io/sha256.js';
import { evaluateFrozenModel } from '../../../../frozenEvaluation/evaluateFrozenModel.js';
import { evaluationParseOptions } from '../../../../frozenEvaluation/evaluationCohort.js';
import { securityFor } from '../../../../plugins/auth.js';
import { HttpError } from '../../../../plugins/errors.js';
import { SYNTHETIC_WARNING } from '../../../../registry/summary.js';
import { renderEvaluationReport } from '../../../../report/evaluation/evaluationReport.js';
import { evaluationSchema } from './evaluationSchema.js';

export const MAX_EVALUATION_PATIENTS = 10_000;
const UPLOAD_NAME = 'uploaded cohort';

interface EvaluationRequest {
  Params: { id: string };
  Querystring: { allowOutOfDistribution?: boolean; format?: 'json' | 'html' };
  Body: string | { cohortCsv: string };
}

export default async function evaluationRoutes(app: FastifyInstance): Promise<void> {
  const { config, models } = app.her2;
  const roles = ['train'] as const;
  // Local to this plugin: the cohort CSV as the raw body (curl --data-binary @cohort.csv).
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: config.trainingBodyLimit },
    (_request, body, done) => done(null, body),
  );

  app.post<EvaluationRequest>(
    '/:id/evaluations',
    {
      bodyLimit: config.trainingBodyLimit,
      config: { auth: roles },
      schema: { ...evaluationSchema, ...securityFor(roles), description: securityFor(roles).roleNote },
    },
    async (request, reply) => {
      const model = await models.get(request.params.id);
      request.modelId = model.id;
      const text = typeof request.body === 'string' ? request.body : request.body.cohortCsv;
      // A CohortError becomes a 400 naming file, row, line and column (src/plugins/errors.ts).
      const cohort = parseCohortText(text, {
        source: UPLOAD_NAME,
        ...evaluationParseOptions(model.artifact),
      });
      if (cohort.patientIds.length > MAX_EVALUATION_PATIENTS)
        throw new HttpError(
          413,
          `${UPLOAD_NAME}: ${cohort.patientIds.length} patients; at most ${MAX_EVALUATION_PATIENTS} per evaluation`,
        );
      const evaluation = evaluateFrozenModel(model, cohort, {
        allowOutOfDistribution: request.query.allowOutOfDistribution === true,
        cohortSha256: sha256Hex(text),
      });
      if (request.query.format === 'html')
        return reply
          .type('text/html; charset=utf-8')
          .send(renderEvaluationReport(evaluation, model.artifact));
      return { ...evaluation, syntheticWarning: evaluation.synthetic ? SYNTHETIC_WARNING : null };
    },
  );
}
