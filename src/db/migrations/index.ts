/**
 * The one ordered list of schema migrations. Append only: a released migration is never edited;
 * a change is a new file NNN_name.ts added here with the next version.
 */
import { migration001 } from './001_registry_and_jobs.js';
import { migration002 } from './002_training_job_queue.js';
import { migration003 } from './003_site_adaptations.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];
