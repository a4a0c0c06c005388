/**
 * `her2` command line: demo-cohort, train, predict, report, prognosis, serve, worker. Progress goes to stderr,
 * results to stdout; any error is one line naming what is wrong, exit code 1 (2 for bad usage).
 */
import { DEMO_COHORT_USAGE, demoCohortCommand } from './commands/demoCohort.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { PROGNOSIS_USAGE, prognosisCommand } from './commands/prognosis.js';
import { REPORT_USAGE, reportCommand } from './commands/report.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';
import { UsageError } from './args.js';

const COMMANDS: Record<string, { usage: string; run: (argv: string[]) => Promise<void> }> = {
  'demo-cohort': { usage: DEMO_COHORT_USAGE, run: demoCohortCommand },
  train: { usage: TRAIN_USAGE, run: trainCommand },
  predict: { usage: PREDICT_USAGE, run: predictCommand },
  report: { usage: REPORT_USAGE, run: reportCommand },
  prognosis: { usage: PROGNOSIS_USAGE, run: prognosisCommand },
  serve: {
    usage:
      'her2 serve [--no-worker]   (configuration from the environment, see README; --no-worker: serve only, jobs run on workers)',
    run: async (argv) => {
      const extra = argv.filter((a) => a !== '--no-worker');
      if (extra.length > 0) throw new UsageError(`unknown argument ${extra[0]}`);
      const { main: serve } = await import('../server.js');
      await serve(argv.includes('--no-worker') ? 'serve --no-worker' : 'serve');
    },
  },
  worker: {
    usage: 'her2 worker   (runs training jobs from the queue of HER2_DATABASE_URL; no HTTP)',
    run: async (argv) => {
      if (argv.length > 0) throw new UsageError(`unknown argument ${argv[0]}`);
      const { main: serve } = await import('../server.js');
      await serve('worker');
    },
  },
};

function usage(): string {
  return `usage:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`her2: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    process.stderr.write(`her2 ${name}: ${(error as Error).message}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`usage: ${command.usage}\n`);
      return 2;
    }
    return 1;
  }
}
