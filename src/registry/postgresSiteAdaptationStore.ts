/**
 * Site adaptations in the shared PostgreSQL database (migration 003): one row per model and site,
 * replaced when the site is adapted again, removed with the model. Every replica reads the same rows
 * when it loads a model.
 */
import type pg from 'pg';
import { whileAvailable } from '../db/unavailable.js';
import type { SiteAdaptation } from '../model/siteAdaptation.js';
import { HER2_STATUS_KIND, REGISTRY_CHANNEL, type RegistryChange } from './postgresRegistry.js';
import type { SiteAdaptationStore } from './siteAdaptationStore.js';
import { assertValidModelId } from './types.js';

export class PostgresSiteAdaptationStore implements SiteAdaptationStore {
  constructor(private readonly pool: pg.Pool) {}

  async list(modelId: string): Promise<SiteAdaptation[]> {
    assertValidModelId(modelId);
    return whileAvailable('read site adaptations', async () => {
      const { rows } = await this.pool.query<{ adaptation: SiteAdaptation }>(
        'SELECT adaptation FROM site_adaptations WHERE model_id = $1 ORDER BY site COLLATE "C"',
        [modelId],
      );
      return rows.map((r) => r.adaptation);
    });
  }

  async put(adaptation: SiteAdaptation): Promise<void> {
    assertValidModelId(adaptation.modelId);
    return whileAvailable('store a site adaptation', async () => {
      await this.pool.query(
        `INSERT INTO site_adaptations (model_id, site, adaptation) VALUES ($1, $2, $3)
         ON CONFLICT (model_id, site) DO UPDATE SET adaptation = EXCLUDED.adaptation, created_at = now()`,
        [adaptation.modelId, adaptation.site, JSON.stringify(adaptation)],
      );
      // Every replica reloads the model with the new adaptation (src/registry/registryChangeFeed.ts).
      const change: RegistryChange = { kind: HER2_STATUS_KIND, action: 'sites', modelId: adaptation.modelId };
      await this.pool.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, JSON.stringify(change)]);
    });
  }

  async deleteModel(modelId: string): Promise<void> {
    assertValidModelId(modelId);
    return whileAvailable('delete site adaptations', async () => {
      await this.pool.query('DELETE FROM site_adaptations WHERE model_id = $1', [modelId]);
    });
  }
}
