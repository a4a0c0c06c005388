// `her2 prognosis`: summary.json with the fields, a self-contained HTML report with the
// SYNTHETIC banner, and nothing written on bad input.
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/prognosis/', import.meta.url));
const LESIONS = join(FIXTURES, 'synthetic-hi-pfs-lesions.csv');
const OUTCOMES = join(FIXTURES, 'synthetic-hi-pfs-outcomes.csv');
const reference = JSON.parse(await readFile(join(FIXTURES, 'prognosis_reference.json'), 'utf8')) as {
  given: {
    groups: { high: { n: number; medianPfs: number } };
    logRank: { p: number };
    cox: { hazardRatio: number };
  };
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-prognosis-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runPrognosis(files: { out: string; lesions?: string; outcomes?: string }, ...extra: string[]) {
  const { out, lesions = LESIONS, outcomes = OUTCOMES } = files;
  return runCli('prognosis', '--lesions', lesions, '--outcomes', outcomes, '--out', out, ...extra);
}

describe('her2 prognosis', () => {
  it('writes summary.json with every field the issue lists, and the report', async () => {
    const out = join(dir, 'given');
    const result = await runPrognosis({ out }, '--cutoff', '1.571');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${join(out, 'summary.json')}\n${join(out, 'report.html')}\n${join(out, 'prognosis-model.json')}\n`,
    );
    expect(result.stderr).toMatch(/SYNTHETIC/);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.marker).toBe('HI50_max');
    expect(summary.cutoff).toBe(1.571);
    expect(summary.cutoffSource).toBe('given');
    for (const g of ['high', 'low']) {
      expect(Object.keys(summary.groups[g])).toEqual(
        expect.arrayContaining(['n', 'events', 'medianPfs', 'medianPfsCi95']),
      );
    }
    expect(summary.groups.high.n).toBe(reference.given.groups.high.n);
    expect(summary.groups.high.medianPfs).toBeCloseTo(reference.given.groups.high.medianPfs, 12);
    expect(summary.groups.low.medianPfs).toBeNull();
    expect(summary.logRank.p).toBeCloseTo(reference.given.logRank.p, 10);
    expect(typeof summary.logRank.chisq).toBe('number');
    expect(summary.cox.hazardRatio).toBeCloseTo(reference.given.cox.hazardRatio, 6);
    expect(summary.cox.ci95).toHaveLength(2);
    expect(typeof summary.cox.p).toBe('number');
    expect(summary.timeDependentAuc.horizon).toBe(12);
    expect(typeof summary.timeDependentAuc.auc).toBe('number');
    expect(summary.timeDependentAuc.ci95).toHaveLength(2);
    expect(summary.spearman).toHaveLength(30);
    expect(summary.synthetic).toBe(true);

    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('class="banner-synthetic"');
    expect(html).toContain('Correlation of PET parameters with PFS (Table 2)');
    expect(html).toContain('Time-dependent ROC for PFS at 12 months, per marker');
    expect(html).toMatch(/<svg[^>]*aria-labelledby="prognosis-km-title/);
    expect(html).toContain('At risk');
    expect(html).toContain('km-band');
    expect(html).toContain('not reached');
    expect(html).toContain('Log-rank');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toMatch(/NaN|undefined/);
  });

  it('without --cutoff uses Youden on the marker and accepts --marker and --horizon', async () => {
    const out = join(dir, 'youden');
    const result = await runPrognosis({ out }, '--marker', 'HI40_max', '--horizon', '18');
    expect(result.code).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.marker).toBe('HI40_max');
    expect(summary.cutoffSource).toBe('youden');
    expect(summary.cutoff).toBe(summary.timeDependentAuc.youden.cutoff);
    expect(summary.timeDependentAuc.horizon).toBe(18);
  });

  it('a report of non-synthetic data has no banner', async () => {
    const plain = join(dir, 'plain');
    const strip = async (from: string, to: string) =>
      writeFile(to, (await readFile(from, 'utf8')).replace(/^#.*\n/gm, ''));
    await runCli('demo-cohort', '--study', 'hi-pfs', '--out', join(dir, 'demo'));
    await strip(join(dir, 'demo', 'synthetic-hi-pfs-lesions.csv'), join(dir, 'l.csv'));
    await strip(join(dir, 'demo', 'synthetic-hi-pfs-outcomes.csv'), join(dir, 'o.csv'));
    const result = await runPrognosis({
      out: plain,
      lesions: join(dir, 'l.csv'),
      outcomes: join(dir, 'o.csv'),
    });
    expect(result.code).toBe(0);
    expect(await readFile(join(plain, 'report.html'), 'utf8')).not.toContain('class="banner-synthetic"');
    expect(JSON.parse(await readFile(join(plain, 'summary.json'), 'utf8')).synthetic).toBe(false);
  });

  const badOutcomes = async (name: string, edit: (text: string) => string) => {
    const path = join(dir, `${name}.csv`);
    await writeFile(path, edit(await readFile(OUTCOMES, 'utf8')));
    return path;
  };

  it.each([
    [
      'negative time',
      (t: string) => t.replace(/^(hp-003),[^,]+,/m, '$1,-1,'),
      /row 3 \(line 5\), patient "hp-003", column "pfs_months": survival time must be positive/,
    ],
    [
      'event flag 2',
      (t: string) => t.replace(/^(hp-002,[^,]+),\d/m, '$1,2'),
      /row 2 \(line 4\), patient "hp-002", column "progressed": event flag "2"/,
    ],
    [
      'missing patient',
      (t: string) => t.replace(/^hp-032,.*\n/m, ''),
      /synthetic-hi-pfs-lesions\.csv, row \d+ \(line \d+\), patient "hp-032", column "patient_id": patient has lesions but no row/,
    ],
  ])('%s: one line naming file, row and column, exit 1, nothing written', async (name, edit, message) => {
    const out = join(dir, `bad-${name.replace(/ /g, '-')}`);
    const outcomes = await badOutcomes(name.replace(/ /g, '-'), edit);
    const result = await runPrognosis({ out, outcomes });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('SUVmean above SUVmax in the lesion file: named, nothing written, an existing DIR untouched', async () => {
    const lesions = join(dir, 'bad-lesions.csv');
    const lines = (await readFile(LESIONS, 'utf8')).split('\n');
    const cells = lines[2].split(',');
    cells[6] = String(Number(cells[3]) + 1); // suv_mean_40 above suv_max
    lines[2] = cells.join(',');
    await writeFile(lesions, lines.join('\n'));
    const out = join(dir, 'existing');
    await runPrognosis({ out });
    const before = await readFile(join(out, 'summary.json'));
    await copyFile(join(out, 'summary.json'), join(dir, 'before.json'));
    const result = await runPrognosis({ out, lesions }, '--cutoff', '1.571');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /bad-lesions\.csv, row 1 \(line 3\), patient "hp-001", column "suv_mean_40": SUVmean above SUVmax/,
    );
    expect((await readFile(join(out, 'summary.json'))).equals(before)).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['prognosis-model.json', 'report.html', 'summary.json']);
  });

  it.each([
    [['--horizon=-3'], /--horizon must be a positive number, got "-3"/, 2],
    [['--cutoff', 'high'], /--cutoff must be a finite number, got "high"/, 2],
    [['--marker', 'HI45_max'], /unknown marker "HI45_max"/, 1],
  ])('%o is refused', async (extra, message, code) => {
    const out = join(dir, 'refused');
    const result = await runPrognosis({ out }, ...extra);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
