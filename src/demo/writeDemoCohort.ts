/**
 * Writes the synthetic demo cohort's three CSV files into a directory (created if missing), each
 * atomically (temp file, fsync, rename). The file names say "synthetic" as well as the header comment.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { formatDemoCohortCsv } from './demoCohortCsv.js';
import { DEMO_SEED, generateDemoCohort } from './generateDemoCohort.js';

export const DEMO_FILE_NAMES = {
  cohort: 'synthetic-cohort.csv',
  inter: 'synthetic-inter.csv',
  intra: 'synthetic-intra.csv',
} as const;

export interface WrittenDemoCohort {
  seed: number;
  /** Absolute or dir-relative paths, as `dir` was given. */
  files: { cohort: string; inter: string; intra: string };
}

export async function writeDemoCohort(
  dir: string,
  options: { seed?: number } = {},
): Promise<WrittenDemoCohort> {
  const seed = options.seed ?? DEMO_SEED;
  const csv = formatDemoCohortCsv(generateDemoCohort(seed));
  const files = {
    cohort: join(dir, DEMO_FILE_NAMES.cohort),
    inter: join(dir, DEMO_FILE_NAMES.inter),
    intra: join(dir, DEMO_FILE_NAMES.intra),
  };
  // Sequential: the directory is created by the first write and fsynced after each rename.
  await writeFileAtomic(files.cohort, csv.cohort);
  await writeFileAtomic(files.inter, csv.inter);
  await writeFileAtomic(files.intra, csv.intra);
  return { seed, files };
}
