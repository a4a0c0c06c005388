/**
 * Migration 003: sites adapted to a model after training (src/model/siteAdaptation.ts), kept beside
 * the model in the shared database so every replica reads the same adaptations.
 */
export const migration003 = {
  version: 3,
  name: 'site_adaptations',
  sql: `
CREATE TABLE site_adaptations (
  model_id   text NOT NULL,
  site       text NOT NULL,
  adaptation jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, site)
);
`,
} as const;
