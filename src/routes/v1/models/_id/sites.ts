/**
 * GET / POST /v1/models/:id/sites — the sites adapted to a model after training. Adapting estimates a
 * new site's location and scale (or its whole distribution, method quantile) per feature from its
 * unlabelled patients against the training data and stores
 * it beside the model (the model id does not change); from then on a patient naming the site is
 * harmonised onto the training distribution. Role admin: it changes what the model answers at once,
 * with no quality gate, as activation does.
 */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../../../../plugins/auth.js';
import type { SiteAdaptation } from '../../../../model/siteAdaptation.js';
import { ModelNotFoundError } from '../../../../registry/types.js';
import { adaptSiteSchema, listSitesSchema, type SiteAdaptationBody } from './sitesSchema.js';

interface IdParams {
  id: string;
}

function summary(a: SiteAdaptation) {
  const base = { modelId: a.modelId, site: a.site, createdAt: a.createdAt, patients: a.effects.n };
  const e = a.effects;
  return e.method === 'quantile'
    ? {
        ...base,
        method: 'quantile' as const,
        features: a.features.map((name, j) => ({ name, quantiles: e.quantiles[j] })),
      }
    : {
        ...base,
        method: 'combat' as const,
        eb: e.eb,
        meanOnly: e.meanOnly,
        features: a.features.map((name, j) => ({ name, gamma: e.gamma[j], delta: e.delta[j] })),
      };
}

export default async function siteRoutes(app: FastifyInstance): Promise<void> {
  const { models, config } = app.her2;
  const admin = ['admin'] as const;

  app.get<{ Params: IdParams }>(
    '/:id/sites',
    {
      config: { auth: 'any' },
      schema: { ...listSitesSchema, ...securityFor('any'), description: securityFor('any').roleNote },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await models.registry.has(id))) throw new ModelNotFoundError(id);
      request.modelId = id;
      return { sites: ((await models.sites?.list(id)) ?? []).map(summary) };
    },
  );

  app.post<{ Params: IdParams; Body: SiteAdaptationBody }>(
    '/:id/sites',
    {
      bodyLimit: config.predictionBodyLimit,
      config: { auth: admin },
      schema: {
        ...adaptSiteSchema(config.batchLimit),
        ...securityFor(admin),
        description: `At least ${config.minSitePatients} patients. ${securityFor(admin).roleNote}`,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      request.modelId = id;
      const adaptation = await models.adaptSite(id, request.body.site, request.body.patients, {
        method: request.body.method,
        eb: request.body.eb,
        meanOnly: request.body.meanOnly,
        minPatients: config.minSitePatients,
      });
      request.log.warn(
        {
          modelId: id,
          site: adaptation.site,
          patients: adaptation.effects.n,
          keyId: request.apiKey?.id ?? null,
        },
        'adapted a model to a site',
      );
      return reply.code(201).send(summary(adaptation));
    },
  );
}
