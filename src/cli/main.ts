/**
 * `her2` command line: demo-cohort, cohort build, train, predict, report, evaluate, harmonize, prognosis, serve,
 * worker. Progress goes to stderr,
 * results to stdout; any error is one line naming what is wrong, exit code 1 (2 for bad usage).
 * `her2 --version`, `her2 --help` and `her2 <command> --help` print to stdout and exit 0.
 */
import { COHORT_BUILD_USAGE, cohortCommand } from './commands/cohortBuild.js';
import { DEMO_COHORT_USAGE, demoCohortCommand } from './commands/demoCohort.js';
import { HARMONIZE_USAGE, harmonizeCommand } from './commands/harmonize.js';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { PROGNOSIS_USAGE, prognosisCommand } from './commands/prognosis.js';
import { REPORT_USAGE, reportCommand } from './commands/report.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';
import { OWN_VERSION } from '../provenance/packageVersions.js';
import { UsageError } from './args.js';

const COMMANDS: Record<string, { usage: string; run: (argv: string[]) => Promise<void> }> = {
  'demo-cohort': { usage: DEMO_COHORT_USAGE, run: demoCohortCommand },
  cohort: { usage: COHORT_BUILD_USAGE, run: cohortCommand },
  train: { usage: TRAIN_USAGE, run: trainCommand },
  predict: { usage: PREDICT_USAGE, run: predictCommand },
  report: { usage: REPORT_USAGE, run: reportCommand },
  harmonize: { usage: HARMONIZE_USAGE, run: harmonizeCommand },
  evaluate: { usage: EVALUATE_USAGE, run: evaluateCommand },
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
    .join('\n')}\n  her2 <command> --help\n  her2 --version\n`;
}

const HELP = new Set(['--help', '-h', 'help']);
const VERSION = new Set(['--version', '-V', 'version']);

/** `her2 <name>: <message>`, once, whether or not the message already names the command. */
export function errorLine(name: string, message: string): string {
  const prefix = `her2 ${name}: `;
  // A subcommand's message names itself in full ("her2 cohort build: …").
  const named = message.startsWith(prefix) || message.startsWith(`her2 ${name} `);
  return `${named ? message : prefix + message}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(usage());
    return 2;
  }
  if (VERSION.has(name)) {
    process.stdout.write(`her2 ${OWN_VERSION}\n`);
    return 0;
  }
  if (HELP.has(name)) {
    const about = rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(about ? `usage: ${about.usage}\n` : usage());
    return 0;
  }
  // hasOwn: a name like "constructor" must not reach Object.prototype.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`her2: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    process.stderr.write(errorLine(name, (error as Error).message));
    if (error instanceof UsageError) {
      process.stderr.write(`usage: ${command.usage}\n`);
      return 2;
    }
    return 1;
  }
}
