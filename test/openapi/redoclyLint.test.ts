/**
 * openapi.yaml passes Redocly CLI's recommended rules (redocly.yaml) with no error and no warning.
 * Run as `npm run lint:openapi` does, offline: telemetry and the update check off.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('openapi.yaml under Redocly lint', () => {
  it('has 0 errors and 0 warnings', async () => {
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/redocly',
      ['lint', 'openapi.yaml', '--format=json'],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
