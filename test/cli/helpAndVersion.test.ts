/** `her2 --version`, `her2 --help`, `her2 <command> --help`, and error lines that name the command once. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/cli/main.js';
import { runCli as run } from '../helpers/runCli.js';

const COMMANDS = ['demo-cohort', 'train', 'predict', 'report', 'prognosis', 'serve'];

describe('her2 --version and --help', () => {
  it('--version prints the package version to stdout and exits 0', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V', 'version']) {
      expect(await run(flag)).toEqual({ code: 0, stdout: `her2 ${pkg.version}\n`, stderr: '' });
    }
  });

  it('--help lists every command on stdout and exits 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run(flag);
      expect([r.code, r.stderr]).toEqual([0, '']);
      for (const c of COMMANDS) expect(r.stdout).toContain(`her2 ${c}`);
      expect(r.stdout).toContain('her2 --version');
    }
  });

  it.each(COMMANDS)(
    '%s --help prints that command’s usage to stdout, runs nothing and exits 0',
    async (c) => {
      for (const argv of [
        [c, '--help'],
        [c, '-h'],
        ['help', c],
      ]) {
        const r = await run(...argv);
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect(r.stdout).toMatch(new RegExp(`^usage: her2 ${c}\\b[^\\n]*\\n$`));
      }
    },
  );

  it('without a command prints the usage to stderr and exits 2', async () => {
    const r = await run();
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^usage:\n/);
  });
});

describe('error lines name the command once', () => {
  it.each([
    [['train', '--cohort', 'c.csv'], 'her2 train: --out is required'],
    [['predict', '--modle', 'm.json'], "her2 predict: Unknown option '--modle'"],
    [['demo-cohort', '--study', 'nope', '--out', 'x'], 'her2 demo-cohort: unknown --study "nope"'],
    [['train', '--cohort', 'c.csv', '--seed=-1', '--out', 'x'], 'her2 train: --seed must be an integer'],
    [
      ['prognosis', '--lesions', 'a', '--outcomes', 'b', '--out', 'x', '--horizon', '0'],
      'her2 prognosis: --horizon',
    ],
  ])('%j', async (argv, start) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0];
    expect(first.startsWith(start)).toBe(true);
    expect(r.stderr.match(/her2 [a-z-]+: /g)).toHaveLength(1);
  });

  it('a failure that is not bad usage (a missing file) is one line, exit 1', async () => {
    const r = await run('report', '--model', '/nonexistent/model.json', '--out', '/nonexistent/r.html');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^her2 report: [^\n]*\/nonexistent\/model\.json[^\n]*\n$/);
    expect(r.stderr.match(/her2 report: /g)).toHaveLength(1);
  });

  it('errorLine adds the prefix only when the message lacks it', () => {
    expect(errorLine('train', 'x')).toBe('her2 train: x\n');
    expect(errorLine('train', 'her2 train: x')).toBe('her2 train: x\n');
  });
});
