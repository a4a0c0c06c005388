/**
 * Migration 001: the model registry (artifacts with their sha256, the active pointer per kind, the
 * history of every pointer change) and the training-job records.
 */
export const migration001 = {
  version: 1,
  name: 'registry_and_jobs',
  sql: `
CREATE TABLE model_artifacts (
  id            text PRIMARY KEY,
  -- What the model predicts; a prognosis model can join the registry later under its own kind.
  kind          text NOT NULL DEFAULT 'her2-status',
  -- The artifact exactly as registered (JSON text, not jsonb: jsonb would reorder keys and change the bytes).
  body          text NOT NULL,
  -- sha256 of body (hex), verified on every load.
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- What GET /v1/models lists, so listing does not read every artifact.
  summary       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_artifacts_kind_created ON model_artifacts (kind, created_at DESC, id);

-- One row per kind: the active model and the rollback stack (previously active ids, most recent first).
CREATE TABLE model_active (
  kind       text PRIMARY KEY,
  model_id   text REFERENCES model_artifacts (id),
  previous   text[] NOT NULL DEFAULT '{}',
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO model_active (kind) VALUES ('her2-status');

-- Every change of an active pointer, never updated or deleted (models may be deleted later, so no foreign key).
CREATE TABLE model_activations (
  seq               bigserial PRIMARY KEY,
  kind              text NOT NULL,
  model_id          text NOT NULL,
  previous_model_id text,
  action            text NOT NULL CHECK (action IN ('activate', 'rollback')),
  changed_at        timestamptz NOT NULL DEFAULT now()
);

-- Training-job records (the job store); the queue itself is pg-boss's own schema.
CREATE TABLE training_jobs (
  id               text PRIMARY KEY,
  state            text NOT NULL,
  record           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- The replica running the job and until when its lease holds; a job past its lease is retried or interrupted.
  lease_owner      text,
  lease_expires_at timestamptz,
  attempts         integer NOT NULL DEFAULT 0
);
CREATE INDEX training_jobs_state ON training_jobs (state, created_at);
`,
} as const;
