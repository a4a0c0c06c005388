/** GET /v1/models, POST /v1/models/rollback, and the per-model routes under /v1/models/:id. */
import type { FastifyInstance } from 'fastify';
import { securityFor } from '../../../plugins/auth.js';
import { modelInfo } from '../../schemas.js';
import modelIdRoutes from './_id/index.js';
import { listSchema, rollbackSchema } from './schema.js';

export default async function modelRoutes(app: FastifyInstance): Promise<void> {
  const { models } = app.her2;

  app.get(
    '',
    {
      config: { auth: 'any' },
      schema: { ...listSchema, ...securityFor('any'), description: securityFor('any').roleNote },
    },
    async () => {
      const [list, pointer] = await Promise.all([models.registry.list(), models.registry.getActive()]);
      return {
        active: pointer?.id ?? null,
        previous: pointer?.previous ?? [],
        models: list.map((s) => ({ ...s, ...modelInfo(s, pointer?.id) })),
      };
    },
  );

  const admin = ['admin'] as const;
  app.post(
    '/rollback',
    {
      config: { auth: admin },
      schema: { ...rollbackSchema, ...securityFor(admin), description: securityFor(admin).roleNote },
    },
    async (request) => {
      const pointer = await models.rollback();
      const m = models.active;
      request.modelId = pointer.id;
      request.log.warn(
        { modelId: pointer.id, keyId: request.apiKey?.id ?? null },
        'rolled back the active model',
      );
      return {
        model: modelInfo(m ? m.artifact : { id: pointer.id, createdAt: '', synthetic: false }, pointer.id),
        previous: pointer.previous,
      };
    },
  );

  await app.register(modelIdRoutes);
}
