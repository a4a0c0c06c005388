// `her2 evaluate` end to end on files: train on the demo cohort, then evaluate the model on the
// demo's external-site rows only (a second centre's file). The evaluation must give back what the
// artifact stored for its external set, and write the JSON and the HTML report.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrozenEvaluation } from '../../src/frozenEvaluation/evaluateFrozenModel.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { runCli as run } from '../helpers/runCli.js';

let dir: string;
let modelPath: string;
let artifact: ModelArtifact;
let externalCsv: string;
let cohortLines: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-evaluate-'));
  const demo = await run('demo-cohort', '--out', join(dir, 'demo'));
  const [cohort, inter, intra] = demo.stdout.trim().split('\n');
  const train = await run(
    'train',
    '--cohort',
    cohort,
    '--inter',
    inter,
    '--intra',
    intra,
    '--out',
    join(dir, 'models'),
  );
  modelPath = join(dir, 'models', `${train.stdout.trim()}.json`);
  artifact = JSON.parse(await readFile(modelPath, 'utf8')) as ModelArtifact;
  // The external site's rows, with the comment lines and the header.
  cohortLines = (await readFile(cohort, 'utf8')).trimEnd().split('\n');
  const header = cohortLines.findIndex((l) => l.startsWith('patient_id'));
  const external = cohortLines.filter((l, i) => i <= header || l.split(',')[1] === 'institution2');
  externalCsv = join(dir, 'external.csv');
  await writeFile(externalCsv, `${external.join('\n')}\n`);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('her2 evaluate', () => {
  it('scores the model on the external site as training stored it, and writes JSON and HTML', async () => {
    const out = join(dir, 'evaluation.html');
    const json = join(dir, 'evaluation.json');
    const r = await run(
      'evaluate',
      '--model',
      modelPath,
      '--cohort',
      externalCsv,
      '--out',
      out,
      '--json',
      json,
    );
    expect(r.stderr.split('\n').filter((l) => l.startsWith('her2'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SYNTHETIC/);
    const evaluation = JSON.parse(await readFile(json, 'utf8')) as FrozenEvaluation;
    expect(evaluation.cohort.sites).toEqual([{ name: 'institution2', n: evaluation.cohort.n }]);
    for (const [name, task] of Object.entries(artifact.tasks)) {
      const stored = task.models[task.best].metrics.external!;
      const overall = evaluation.tasks[name].overall;
      expect([overall.n, overall.nPositive]).toEqual([stored.n, stored.nPositive]);
      expect(overall.auc).toBe(stored.auc);
      expect(overall.aucCi95).toEqual(stored.ci95);
      expect([overall.sensitivity.value, overall.specificity.value]).toEqual([
        stored.sensitivity,
        stored.specificity,
      ]);
      expect(overall.calibration.intercept.estimate).toBeCloseTo(stored.calibrationIntercept, 10);
      expect(overall.calibration.slope.estimate).toBeCloseTo(stored.calibrationSlope, 10);
      expect(overall.ece).toBe(stored.ece);
      expect(r.stdout).toContain(`task ${name} (`);
    }
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Frozen-model evaluation on a new cohort');
    expect(html).toContain('SYNTHETIC DATA'); // on the figures
    expect(html).toContain('id="checklist"');
    expect(html).toMatch(/<details class="config"><summary>/);
  });

  it('names the file and column the model needs when the cohort lacks it, and writes nothing', async () => {
    const header = cohortLines.findIndex((l) => l.startsWith('patient_id'));
    const columns = cohortLines[header].split(',');
    const needed = artifact.input.features[0];
    const dropped = columns.indexOf(needed);
    const drop = (l: string) =>
      l
        .split(',')
        .filter((_, c) => c !== dropped)
        .join(',');
    const file = join(dir, 'without-feature.csv');
    await writeFile(file, `${cohortLines.map((l) => (l.startsWith('#') ? l : drop(l))).join('\n')}\n`);
    const out = join(dir, 'never.html');
    const r = await run('evaluate', '--model', modelPath, '--cohort', file, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`her2 evaluate: ${file}: has no column for the input the model needs: ${needed}\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('requires --model and --cohort (usage, exit 2)', async () => {
    const r = await run('evaluate', '--model', modelPath);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cohort is required/);
  });
});
