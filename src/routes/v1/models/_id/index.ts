/** GET / DELETE /v1/models/:id, POST /v1/models/:id/activate, GET /v1/models/:id/report, POST /v1/models/:id/evaluations. */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../../../../plugins/auth.js';
import { ModelNotFoundError } from '../../../../registry/types.js';
import { modelInfo } from '../../../schemas.js';
import { buildModelCard } from '../card.js';
import siteRoutes from './sites.js';
import { activateSchema, cardSchema, deleteSchema, reportSchema } from '../schema.js';
import evaluationRoutes from './evaluations.js';

interface IdParams {
  id: string;
}

export default async function modelIdRoutes(app: FastifyInstance): Promise<void> {
  const { models, renderReport } = app.her2;
  await app.register(siteRoutes);
  await app.register(evaluationRoutes);
  const admin = ['admin'] as const;
  const describe = (auth: 'any' | typeof admin) => ({
    ...securityFor(auth),
    description: securityFor(auth).roleNote,
  });

  const artifactOr404 = async (id: string) => {
    const a = await models.registry.get(id);
    if (!a) throw new ModelNotFoundError(id);
    return a;
  };

  app.get<{ Params: IdParams }>(
    '/:id',
    { config: { auth: 'any', signedLink: true }, schema: { ...cardSchema, ...describe('any') } },
    async (request) => {
      const a = await artifactOr404(request.params.id);
      request.modelId = a.id;
      return buildModelCard(a, models.active?.id);
    },
  );

  app.get<{ Params: IdParams }>(
    '/:id/report',
    { config: { auth: 'any', signedLink: true }, schema: { ...reportSchema, ...describe('any') } },
    async (request, reply) => {
      const a = await artifactOr404(request.params.id);
      request.modelId = a.id;
      const html = renderReport(a);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.post<{ Params: IdParams }>(
    '/:id/activate',
    { config: { auth: admin }, schema: { ...activateSchema, ...describe(admin) } },
    async (request) => {
      const pointer = await models.activate(request.params.id);
      const m = models.active;
      request.modelId = pointer.id;
      request.log.warn({ modelId: pointer.id, keyId: request.apiKey?.id ?? null }, 'activated a model');
      return {
        model: modelInfo(m ? m.artifact : { id: pointer.id, createdAt: '', synthetic: false }, pointer.id),
        previous: pointer.previous,
      };
    },
  );

  app.delete<{ Params: IdParams }>(
    '/:id',
    { config: { auth: admin }, schema: { ...deleteSchema, ...describe(admin) } },
    async (request, reply) => {
      await models.delete(request.params.id);
      request.log.warn({ modelId: request.params.id, keyId: request.apiKey?.id ?? null }, 'deleted a model');
      return reply.code(204).send();
    },
  );
}
