/**
 * Migration 002: what replicas need to share training jobs beyond their records (001): a cancel flag
 * set by any replica and read by the one running the job (a column, so a save of the record by the
 * holder never clears it), and the input files of queued jobs, read back by whichever replica runs the
 * job. The queue itself is pg-boss's own schema, which pg-boss creates and migrates.
 */
export const migration002 = {
  version: 2,
  name: 'training_job_queue',
  sql: `
ALTER TABLE training_jobs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
-- The sweep for jobs whose replica stopped renewing its lease.
CREATE INDEX training_jobs_running_lease ON training_jobs (lease_expires_at) WHERE state = 'running';

CREATE TABLE training_job_inputs (
  job_id  text NOT NULL,
  -- cohort, inter or intra (src/jobs/jobSpool.ts SPOOL_FILES)
  file    text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (job_id, file)
);
`,
} as const;
