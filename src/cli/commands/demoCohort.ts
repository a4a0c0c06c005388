import { DEMO_SEED } from '../../demo/generateDemoCohort.js';
import { HI_PFS_DEMO_SEED } from '../../demo/hiPfs/hiPfsMarginals.js';
import { writeHiPfsCohort } from '../../demo/hiPfs/writeHiPfsCohort.js';
import { MRI_DEMO_SEED } from '../../demo/shen2024/generateMriCohort.js';
import { writeMriCohort } from '../../demo/shen2024/writeMriCohort.js';
import { writeDemoCohort } from '../../demo/writeDemoCohort.js';
import { parseCommandArgs, parseSeed, requireOption, UsageError } from '../args.js';

interface DemoStudy {
  defaultSeed: number;
  /** Writes the study's files; returns their paths in print order (cohort, inter, intra, ...). */
  write: (dir: string, seed: number) => Promise<string[]>;
  describe: (seed: number) => string;
}

/** The SYNTHETIC demo studies, by the name `--study` takes; the first is the default. */
const DEMO_STUDIES: Record<string, DemoStudy> = {
  hou2025: {
    defaultSeed: DEMO_SEED,
    write: async (dir, seed) => Object.values((await writeDemoCohort(dir, { seed })).files),
    describe: (seed) => `SYNTHETIC demo cohort (seed ${seed}): not clinical data`,
  },
  'shen2024-mri': {
    defaultSeed: MRI_DEMO_SEED,
    write: async (dir, seed) => Object.values((await writeMriCohort(dir, { seed })).files),
    describe: (seed) =>
      `SYNTHETIC MRI demo cohort (seed ${seed}), shaped after Shen et al. 2025: not clinical data`,
  },
  'hi-pfs': {
    defaultSeed: HI_PFS_DEMO_SEED,
    write: async (dir, seed) => Object.values((await writeHiPfsCohort(dir, { seed })).files),
    describe: (seed) =>
      `SYNTHETIC lesion + PFS demo cohort (seed ${seed}), shaped after Ma et al. 2023: not clinical data`,
  },
};

const STUDY_NAMES = Object.keys(DEMO_STUDIES);

export const DEMO_COHORT_USAGE = `her2 demo-cohort [--study ${STUDY_NAMES.join('|')}] --out DIR [--seed N]`;

export async function demoCohortCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('demo-cohort', argv, {
    study: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
  });
  const name = values.study ?? STUDY_NAMES[0];
  // hasOwn: a name like "constructor" must not reach Object.prototype.
  const study = Object.hasOwn(DEMO_STUDIES, name) ? DEMO_STUDIES[name] : undefined;
  if (study === undefined) {
    throw new UsageError(`unknown --study "${name}"; known studies: ${STUDY_NAMES.join(', ')}`);
  }
  const out = requireOption('demo-cohort', values, 'out');
  const seed = parseSeed('demo-cohort', values.seed, study.defaultSeed);
  const files = await study.write(out, seed);
  process.stderr.write(`${study.describe(seed)}\n`);
  process.stdout.write(files.map((f) => `${f}\n`).join(''));
}
