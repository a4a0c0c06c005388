// The CLI in-process through main(argv): stdout / stderr captured by spying on process.*.write.
// One training run (the demo cohort files written by demo-cohort), reused by predict and report.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_PREDICTION_COMMENT } from '../../src/cli/commands/predict.js';
import { HER2_STATUSES } from '../../src/cohort/cohort.js';
import { demoAsCohort, generateDemoCohort } from '../../src/demo/index.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { computeArtifactId } from '../../src/model/artifactId.js';
import { loadModel } from '../../src/model/loadModel.js';
import { runCli, type CliRun } from '../helpers/runCli.js';
import { patientInput } from '../helpers/trainedDemoModel.js';

type Run = CliRun;
const run = runCli;

let dir: string;
let files: { cohort: string; inter: string; intra: string };
let demoRun: Run;
let trainRun: Run;
let modelPath: string;
let artifact: ModelArtifact;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-cli-'));
  demoRun = await run('demo-cohort', '--out', join(dir, 'demo'));
  const [cohort, inter, intra] = demoRun.stdout.trim().split('\n');
  files = { cohort, inter, intra };
  trainRun = await trainDemo(join(dir, 'models'));
  const id = trainRun.stdout.trim();
  modelPath = join(dir, 'models', `${id}.json`);
  artifact = JSON.parse(await readFile(modelPath, 'utf8')) as ModelArtifact;
});

/** `her2 train` on the demo cohort's three files, into `out`. */
function trainDemo(out: string, ...options: string[]): Promise<Run> {
  return run(
    'train',
    '--cohort',
    files.cohort,
    '--inter',
    files.inter,
    '--intra',
    files.intra,
    ...options,
    '--out',
    out,
  );
}

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('demo-cohort', () => {
  it('writes the three files and prints their paths', async () => {
    expect(demoRun.code).toBe(0);
    expect(Object.values(files).map((f) => f.split('/').pop())).toEqual([
      'synthetic-cohort.csv',
      'synthetic-inter.csv',
      'synthetic-intra.csv',
    ]);
    for (const f of Object.values(files)) expect(existsSync(f)).toBe(true);
    expect(
      (await readFile(files.cohort, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#')),
    ).toHaveLength(316);
    expect(demoRun.stderr).toContain('SYNTHETIC');
  });
});

describe('train', () => {
  it('prints only the id and writes <id>.json whose content hashes to that id', () => {
    expect(trainRun.code).toBe(0);
    expect(trainRun.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(artifact.id).toBe(trainRun.stdout.trim());
    expect(computeArtifactId(artifact)).toBe(artifact.id);
    expect(artifact.synthetic).toBe(true);
    expect(artifact.provenance.externalSites).toEqual(['institution2']);
    expect(artifact.provenance.reliability.interSource).toBe(basename(files.inter));
  });

  it('reports progress on stderr, ending at 100%', () => {
    expect(trainRun.stderr).toContain('[100%] done');
    expect(trainRun.stderr).toContain(modelPath);
  });
});

describe('predict', () => {
  let predictRun: Run;
  let rows: string[][];
  let marker: string;

  beforeAll(async () => {
    const out = join(dir, 'predictions.csv');
    predictRun = await run('predict', '--model', modelPath, '--input', files.cohort, '--out', out);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    marker = lines[0];
    rows = lines.filter((line) => !line.startsWith('#')).map((line) => line.split(','));
  });

  it('writes a CSV with the documented header and one row per patient', () => {
    expect(predictRun.code).toBe(0);
    expect(rows[0]).toEqual(['patient_id', 'p_over', 'p_low', 'p_zero', 'status']);
    expect(rows).toHaveLength(316);
    expect(predictRun.stderr).toContain('SYNTHETIC');
    expect(marker).toBe(SYNTHETIC_PREDICTION_COMMENT);
  });

  it('each row is a distribution (sums to 1) and its status is the argmax', () => {
    for (const row of rows.slice(1)) {
      const p = row.slice(1, 4).map(Number);
      for (const v of p) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(Math.abs(p[0] + p[1] + p[2] - 1)).toBeLessThan(1e-12);
      expect(row[4]).toBe(HER2_STATUSES[p.indexOf(Math.max(...p))]);
    }
  });

  it('the numbers are exactly what the model file predicts for the in-memory demo patients', () => {
    const cohort = demoAsCohort(generateDemoCohort());
    const model = loadModel(artifact);
    const predictions = model.predict(
      cohort.patientIds.map((_, i) => patientInput(cohort, i, artifact.input.features)),
    );
    rows.slice(1).forEach((row, k) => {
      expect(row[0]).toBe(cohort.patientIds[k]);
      expect(Number(row[1])).toBe(predictions[k].distribution!.over);
      expect(Number(row[2])).toBe(predictions[k].distribution!.low);
      expect(Number(row[3])).toBe(predictions[k].distribution!.zero);
    });
  });

  it('without --out the CSV goes to stdout', async () => {
    const input = join(dir, 'two.csv');
    const lines = (await readFile(files.cohort, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
    await writeFile(input, `${lines.slice(0, 3).join('\n')}\n`);
    const result = await run('predict', '--model', modelPath, '--input', input);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(
      result.stdout.startsWith(`${SYNTHETIC_PREDICTION_COMMENT}\npatient_id,p_over,p_low,p_zero,status\n`),
    ).toBe(true);
  });
});

describe('harmonize', () => {
  it("adapts the model to the external site beside the model file (id unchanged), and predict adjusts that site's patients", async () => {
    const text = await readFile(files.cohort, 'utf8');
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    const external = [lines[0], ...lines.filter((l) => l.includes(',institution2,'))];
    const input = join(dir, 'institution2.csv');
    await writeFile(input, `${external.join('\n')}\n`);
    const modelBytes = await readFile(modelPath, 'utf8');
    const unadapted = await run('predict', '--model', modelPath, '--input', input);
    const adapt = await run('harmonize', '--model', modelPath, '--site', 'institution2', '--input', input);
    expect(adapt.code).toBe(0);
    expect(adapt.stderr).toMatch(/adapted model [0-9a-f]{12}… to site institution2 from 100 patients/);
    expect(adapt.stderr).toContain('SYNTHETIC');
    expect(await readFile(modelPath, 'utf8')).toBe(modelBytes);
    const sites = JSON.parse(await readFile(modelPath.replace(/\.json$/, '.sites.json'), 'utf8'));
    expect(sites.modelId).toBe(artifact.id);
    expect(sites.sites.map((s: { site: string }) => s.site)).toEqual(['institution2']);
    const adapted = await run('predict', '--model', modelPath, '--input', input);
    expect(adapted.code).toBe(0);
    expect(adapted.stdout).not.toBe(unadapted.stdout);
    expect(adapted.stdout.split('\n')[0]).toBe(unadapted.stdout.split('\n')[0]);

    const few = join(dir, 'few.csv');
    await writeFile(few, `${external.slice(0, 6).join('\n')}\n`);
    const harmonize = (site: string, input: string, ...extra: string[]) =>
      run('harmonize', '--model', modelPath, '--site', site, '--input', input, ...extra);
    const refused = await harmonize('institution3', few);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/5 patients given; adapting a site needs at least 20/);
    const usage = await harmonize('x', few, '--min-patients', '1');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--min-patients must be an integer of at least 2/);
    const badMethod = await harmonize('x', few, '--method', 'z');
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr).toMatch(/--method must be combat or quantile, got "z"/);

    // Quantile mapping replaces the site's ComBat adaptation; predict then maps by quantiles.
    const quantile = await harmonize('institution2', input, '--method', 'quantile');
    expect(quantile.code).toBe(0);
    expect(quantile.stderr).toMatch(/to site institution2 from 100 patients by quantile/);
    const replaced = JSON.parse(await readFile(modelPath.replace(/\.json$/, '.sites.json'), 'utf8'));
    expect(
      replaced.sites.map((s: { site: string; effects: { method: string } }) => [s.site, s.effects.method]),
    ).toEqual([['institution2', 'quantile']]);
    const mapped = await run('predict', '--model', modelPath, '--input', input);
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).not.toBe(adapted.stdout);
  });
});

describe('report', () => {
  it('writes the .html and the .md summary and prints both paths', async () => {
    const html = join(dir, 'reports', 'model.html');
    const result = await run('report', '--model', modelPath, '--out', html);
    expect(result.code).toBe(0);
    const [htmlPath, mdPath] = result.stdout.trim().split('\n');
    expect(htmlPath).toBe(html);
    expect(mdPath.endsWith('.md')).toBe(true);
    const htmlText = await readFile(htmlPath, 'utf8');
    expect(htmlText).toMatch(/<html/i);
    expect(htmlText).toContain(artifact.id);
    expect((await readFile(mdPath, 'utf8')).length).toBeGreaterThan(100);
  });
});

describe("a configured fourth task: HER2-low vs HER2-zero beside the paper's three (training/hou2025-low-vs-zero.json)", () => {
  it('trains it with the usual metrics, predicts it as p_low-vs-zero, and reports it', async () => {
    const config = new URL('../../training/hou2025-low-vs-zero.json', import.meta.url).pathname;
    const trained = await trainDemo(join(dir, 'models-four'), '--config', config);
    expect(trained.code).toBe(0);
    const path = join(dir, 'models-four', `${trained.stdout.trim()}.json`);
    const four = JSON.parse(await readFile(path, 'utf8')) as ModelArtifact;
    expect(Object.keys(four.tasks)).toEqual(['over', 'low', 'zero', 'low-vs-zero']);
    const pair = four.tasks['low-vs-zero'];
    expect(pair.definition).toEqual({ name: 'low-vs-zero', positive: ['low'], negative: ['zero'] });
    for (const set of ['training', 'validation', 'external'] as const) {
      const m = pair.models[pair.best].metrics[set]!;
      expect(m.ci95[0]).toBeLessThanOrEqual(m.auc);
      expect(m.n).toBeGreaterThan(0);
    }
    // The paper's three tasks are unchanged by the fourth: same selected features, same best model.
    for (const task of HER2_STATUSES) {
      expect(four.tasks[task].selectedFeatures).toEqual(artifact.tasks[task].selectedFeatures);
      expect(four.tasks[task].best).toBe(artifact.tasks[task].best);
    }

    const lines = (await readFile(files.cohort, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
    const input = join(dir, 'four-input.csv');
    await writeFile(input, `${lines.slice(0, 4).join('\n')}\n`);
    const predicted = await run('predict', '--model', path, '--input', input);
    expect(predicted.code).toBe(0);
    const [header, ...rows] = predicted.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.split(','));
    expect(header).toEqual(['patient_id', 'p_over', 'p_low', 'p_zero', 'status', 'p_low-vs-zero']);
    const served = loadModel(four).predict(
      [1, 2, 3].map((k) => patientInput(demoAsCohort(generateDemoCohort()), k - 1, four.input.features)),
    );
    rows.forEach((row, k) => expect(Number(row[5])).toBe(served[k].tasks['low-vs-zero'].probability));

    const html = join(dir, 'reports', 'four.html');
    expect((await run('report', '--model', path, '--out', html)).code).toBe(0);
    const text = await readFile(html, 'utf8');
    expect(text).toContain('HER2-low vs HER2-zero');
    expect(text).toContain('id="features-low-vs-zero"');
  });
});

describe('bad input: non-zero exit and a message naming the problem', () => {
  it('an external site that does not exist', async () => {
    const result = await run(
      'train',
      '--cohort',
      files.cohort,
      '--external-site',
      'institution7',
      '--out',
      join(dir, 'x'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('institution7');
    expect(result.stderr).toContain('institution1');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a cohort without the er column', async () => {
    const path = join(dir, 'no-er.csv');
    await writeFile(path, 'patient_id,site,her2_status,pr,f1\nP1,A,low,positive,1\n');
    const result = await run('train', '--cohort', path, '--out', join(dir, 'y'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-er.csv');
    expect(result.stderr).toMatch(/missing required column.*\ber\b/);
  });

  it('a prediction input without a feature the model needs', async () => {
    const needed = artifact.input.features[0];
    const others = artifact.input.features.slice(1);
    const path = join(dir, 'missing-feature.csv');
    await writeFile(
      path,
      `patient_id,er,pr,${others.join(',')}\nP1,positive,negative,${others.map(() => '1').join(',')}\n`,
    );
    const result = await run('predict', '--model', modelPath, '--input', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(needed);
    expect(result.stderr).toContain('P1');
    expect(result.stdout).toBe('');
  });

  it('a prediction input far outside the training distribution: refused naming patient, feature and range, unless --allow-out-of-distribution', async () => {
    const lines = (await readFile(files.cohort, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
    const header = lines[0].split(',');
    const feature = artifact.input.features[0];
    const cells = lines[1].split(',');
    cells[header.indexOf(feature)] = '1e308';
    const patientId = cells[header.indexOf('patient_id')];
    const path = join(dir, 'far.csv');
    await writeFile(path, `${lines[0]}\n${cells.join(',')}\n`);
    const refused = await run('predict', '--model', modelPath, '--input', path);
    expect(refused.code).toBe(1);
    const { min, max } = artifact.input.ranges[feature];
    for (const part of [patientId, feature, '1e+308', `[${min}, ${max}]`, '--allow-out-of-distribution'])
      expect(refused.stderr).toContain(part);
    expect(refused.stdout).toBe('');

    const allowed = await run(
      'predict',
      '--model',
      modelPath,
      '--input',
      path,
      '--allow-out-of-distribution',
    );
    expect(allowed.code).toBe(0);
    const row = allowed.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('#'))[1]
      .split(',');
    expect(row[0]).toBe(patientId);
    const p = row.slice(1, 4).map(Number);
    expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    expect(allowed.stderr).toContain(
      `warning: patient ${patientId}: out of distribution: ${feature} = 1e+308 is more than 10 training SDs`,
    );
  });

  it('a model file whose content does not match its id', async () => {
    const path = join(dir, 'tampered.json');
    await writeFile(path, JSON.stringify({ ...artifact, synthetic: false }));
    const result = await run('predict', '--model', path, '--input', files.cohort);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not match');
  });

  it('an invalid config file names the field', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ iccThreshold: 2 }));
    const result = await run('train', '--cohort', files.cohort, '--config', path, '--out', join(dir, 'z'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"iccThreshold"');
  });

  it('a config file whose externalSites is not a list is refused naming the field, also with --external-site', async () => {
    const path = join(dir, 'sites-config.json');
    await writeFile(path, JSON.stringify({ externalSites: 'institution2' }));
    const result = await run(
      'train',
      '--cohort',
      files.cohort,
      '--config',
      path,
      '--external-site',
      'institution2',
      '--out',
      join(dir, 'w'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"externalSites"');
    expect(result.stderr).toContain('array of strings');
  });

  it('usage errors exit 2: unknown command, missing required option, unknown option', async () => {
    const unknown = await run('fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
    const noOut = await run('train', '--cohort', files.cohort);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out is required');
    const badOption = await run('predict', '--modle', modelPath);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('--modle');
  });
});
