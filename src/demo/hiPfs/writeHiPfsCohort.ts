/**
 * Writes the SYNTHETIC HI / PFS demo cohort's three CSV files into a directory (created if
 * missing), each atomically. The file names say "synthetic" as well as the header comment.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { generateHiPfsCohort } from './generateHiPfsCohort.js';
import { HI_PFS_DEMO_SEED } from './hiPfsMarginals.js';
import { formatHiPfsCsv } from './hiPfsCsv.js';

export const HI_PFS_FILE_NAMES = {
  lesions: 'synthetic-hi-pfs-lesions.csv',
  outcomes: 'synthetic-hi-pfs-outcomes.csv',
  truth: 'synthetic-hi-pfs-truth.csv',
} as const;

export interface WrittenHiPfsCohort {
  seed: number;
  files: Record<keyof typeof HI_PFS_FILE_NAMES, string>;
}

export async function writeHiPfsCohort(
  dir: string,
  options: { seed?: number } = {},
): Promise<WrittenHiPfsCohort> {
  const seed = options.seed ?? HI_PFS_DEMO_SEED;
  const csv = formatHiPfsCsv(generateHiPfsCohort(seed));
  const files = {
    lesions: join(dir, HI_PFS_FILE_NAMES.lesions),
    outcomes: join(dir, HI_PFS_FILE_NAMES.outcomes),
    truth: join(dir, HI_PFS_FILE_NAMES.truth),
  };
  // Sequential: the directory is created by the first write.
  for (const kind of ['lesions', 'outcomes', 'truth'] as const) await writeFileAtomic(files[kind], csv[kind]);
  return { seed, files };
}
