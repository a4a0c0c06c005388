import { DEMO_SEED } from '../../demo/generateDemoCohort.js';
import { writeDemoCohort } from '../../demo/writeDemoCohort.js';
import { parseCommandArgs, parseSeed, requireOption } from '../args.js';

export const DEMO_COHORT_USAGE = 'her2 demo-cohort --out DIR [--seed N]';

export async function demoCohortCommand(argv: string[]): Promise<void> {
  const values = parseCommandArgs('demo-cohort', argv, { out: { type: 'string' }, seed: { type: 'string' } });
  const written = await writeDemoCohort(requireOption('demo-cohort', values, 'out'), {
    seed: parseSeed('demo-cohort', values.seed, DEMO_SEED),
  });
  process.stderr.write(`SYNTHETIC demo cohort (seed ${written.seed}): not clinical data\n`);
  process.stdout.write(`${written.files.cohort}\n${written.files.inter}\n${written.files.intra}\n`);
}
