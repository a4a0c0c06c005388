/**
 * The training-job tables on PostgreSQL (one migration of the list in src/db/). The record is JSON, as
 * in the directory store; what replicas coordinate on (state, lease, cancel flag) are columns, so they
 * change atomically and a save of the record never clears a cancel request made meanwhile. Input files
 * of queued jobs wait in the database, where the replica that runs the job reads them back.
 * pg-boss creates and migrates its own schema (pgboss) itself.
 */
export const TRAINING_JOBS_MIGRATION_SQL = `
CREATE TABLE IF NOT EXISTS her2_training_jobs (
  id               text PRIMARY KEY,
  state            text NOT NULL,
  created_at       timestamptz NOT NULL,
  record           jsonb NOT NULL,
  lease_owner      text,
  lease_expires_at timestamptz,
  cancel_requested boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS her2_training_jobs_running_lease
  ON her2_training_jobs (lease_expires_at) WHERE state = 'running';
CREATE TABLE IF NOT EXISTS her2_training_job_inputs (
  job_id  text NOT NULL,
  file    text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (job_id, file)
);
`;
