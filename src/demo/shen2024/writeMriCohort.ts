/**
 * Writes the SYNTHETIC MRI demo cohort's four CSV files into a directory (created if missing), each
 * atomically. The file names say "synthetic" as well as the header comment.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { generateMriCohort, MRI_DEMO_SEED } from './generateMriCohort.js';
import { formatMriCohortCsv } from './mriCohortCsv.js';

export const MRI_FILE_NAMES = {
  cohort: 'synthetic-mri-cohort.csv',
  inter: 'synthetic-mri-inter.csv',
  intra: 'synthetic-mri-intra.csv',
  truth: 'synthetic-mri-truth.csv',
} as const;

export interface WrittenMriCohort {
  seed: number;
  files: Record<keyof typeof MRI_FILE_NAMES, string>;
}

export async function writeMriCohort(
  dir: string,
  options: { seed?: number } = {},
): Promise<WrittenMriCohort> {
  const seed = options.seed ?? MRI_DEMO_SEED;
  const csv = formatMriCohortCsv(generateMriCohort(seed));
  const files = {
    cohort: join(dir, MRI_FILE_NAMES.cohort),
    inter: join(dir, MRI_FILE_NAMES.inter),
    intra: join(dir, MRI_FILE_NAMES.intra),
    truth: join(dir, MRI_FILE_NAMES.truth),
  };
  // Sequential: the directory is created by the first write.
  for (const kind of ['cohort', 'inter', 'intra', 'truth'] as const)
    await writeFileAtomic(files[kind], csv[kind]);
  return { seed, files };
}
