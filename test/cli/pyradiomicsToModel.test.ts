// End to end, as a researcher arrives: PyRadiomics batch outputs per modality and reader plus a
// clinical spreadsheet → `her2 cohort build` → `her2 train` → `her2 predict`. The batch files are the
// SYNTHETIC demo cohort written in PyRadiomics' layout (ID/Image/Mask, diagnostics_*, unprefixed
// feature names) and the clinical sheet in a spreadsheet's words (Patient ID, HER2-low, Positive (70%)).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICC_SKIPPED_NOTE } from '../../src/cli/commands/train.js';
import type { Cohort, Her2Status, RepeatMeasurement } from '../../src/cohort/cohort.js';
import { formatCsvRow } from '../../src/cohort/csvWriter.js';
import { parseCohortFile } from '../../src/cohort/parseCohort.js';
import { demoAsCohort, demoRepeatMeasurements, generateDemoCohort } from '../../src/demo/index.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { runCli } from '../helpers/runCli.js';

const SETTINGS = {
  pet: "{'binWidth': 0.25, 'resampledPixelSpacing': [2, 2, 2], 'interpolator': 'sitkBSpline', 'label': 1}",
  ct: "{'binWidth': 25, 'resampledPixelSpacing': [2, 2, 2], 'interpolator': 'sitkBSpline', 'label': 1}",
};
const HER2_WORDS: Record<Her2Status, string> = { over: 'HER2-positive', low: 'HER2-low', zero: 'HER2-0' };
const QUICK_CONFIG = { classifiers: ['lr'], mrmrK: 2 };

let dir: string;
let demo: Cohort;
let built: { cohort: string; inter: string; intra: string };
let buildRun: Awaited<ReturnType<typeof runCli>>;

/** One modality of a reading as a PyRadiomics batch output. */
function batchCsv(reading: Cohort | RepeatMeasurement, modality: 'pet' | 'ct', reader: string): string {
  const columns = reading.featureNames.flatMap((name, j) => (name.startsWith(`${modality}_`) ? [j] : []));
  const header = [
    'ID',
    'Image',
    'Mask',
    'diagnostics_Versions_PyRadiomics',
    'diagnostics_Versions_Numpy',
    'diagnostics_Configuration_Settings',
    ...columns.map((j) => reading.featureNames[j].slice(modality.length + 1)),
  ];
  const rows = reading.patientIds.map((id, i) =>
    formatCsvRow([
      id,
      `/data/${modality}/${id}.nii.gz`,
      `/data/${reader}/${id}.nrrd`,
      'v3.1.0',
      '1.26.4',
      SETTINGS[modality],
      ...columns.map((j) => reading.features[j][i]),
    ]),
  );
  return `${[formatCsvRow(header), ...rows].join('\n')}\n`;
}

function clinicalCsv(cohort: Cohort): string {
  const percent = (positive: number) => (positive === 1 ? 'Positive (60%)' : 'Negative (0%)');
  const rows = cohort.patientIds.map((id, i) =>
    formatCsvRow([
      id,
      cohort.sites[i],
      HER2_WORDS[cohort.labels[i]],
      percent(cohort.clinical.er![i]),
      cohort.clinical.pr![i] === 1 ? 'pos' : 'neg',
      cohort.clinical.ki67![i],
      cohort.clinical.age![i],
      cohort.clinical.suv_max![i],
      cohort.clinical.suv_mean![i],
    ]),
  );
  const header = 'Patient ID,Institution,HER2 status,ER (%),PR,Ki-67 (%),Age,SUVmax,SUVmean';
  return `# SYNTHETIC demo patients\n${header}\n${rows.join('\n')}\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-pyradiomics-e2e-'));
  const generated = generateDemoCohort();
  demo = demoAsCohort(generated);
  const { inter, intra } = demoRepeatMeasurements(generated);
  const files: Record<string, string> = {
    'pet.csv': batchCsv(demo, 'pet', 'reader1'),
    'ct.csv': batchCsv(demo, 'ct', 'reader1'),
    'pet-reader2.csv': batchCsv(inter, 'pet', 'reader2'),
    'ct-reader2.csv': batchCsv(inter, 'ct', 'reader2'),
    'pet-repeat.csv': batchCsv(intra, 'pet', 'reader1-again'),
    'ct-repeat.csv': batchCsv(intra, 'ct', 'reader1-again'),
    'clinical.csv': clinicalCsv(demo),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await writeFile(join(dir, 'quick.json'), JSON.stringify(QUICK_CONFIG));
  const at = (name: string) => join(dir, name);
  buildRun = await runCli(
    'cohort',
    'build',
    ...['--pet', at('pet.csv'), '--ct', at('ct.csv')],
    ...['--inter-pet', at('pet-reader2.csv'), '--inter-ct', at('ct-reader2.csv')],
    ...['--intra-pet', at('pet-repeat.csv'), '--intra-ct', at('ct-repeat.csv')],
    ...['--clinical', at('clinical.csv'), '--out', at('out/cohort.csv')],
  );
  const [cohort, interPath, intraPath] = buildRun.stdout.trim().split('\n');
  built = { cohort, inter: interPath, intra: intraPath };
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function train(out: string, ...repeats: string[]) {
  const run = await runCli(
    'train',
    '--cohort',
    built.cohort,
    ...repeats,
    '--config',
    join(dir, 'quick.json'),
    '--out',
    out,
  );
  const artifact =
    run.code === 0
      ? (JSON.parse(await readFile(join(out, `${run.stdout.trim()}.json`), 'utf8')) as ModelArtifact)
      : undefined;
  return { run, artifact };
}

describe('from PyRadiomics batch outputs to a model in two commands', () => {
  it('cohort build gives back the demo cohort exactly: patients, labels, clinical values, every feature', async () => {
    expect(buildRun.code).toBe(0);
    const cohort = await parseCohortFile(built.cohort);
    expect(cohort.synthetic).toBe(true);
    expect(cohort.patientIds).toEqual(demo.patientIds);
    expect(cohort.labels).toEqual(demo.labels);
    expect(cohort.sites).toEqual(demo.sites);
    for (const c of ['er', 'pr', 'ki67', 'age', 'suv_max', 'suv_mean'] as const) {
      expect(cohort.clinical[c]).toEqual(demo.clinical[c]);
    }
    expect(cohort.featureNames).toEqual(demo.featureNames);
    cohort.features.forEach((column, j) => expect(column).toEqual(demo.features[j]));
  });

  it('train with the built repeat files: the ICC filter runs and the extraction provenance reaches the artifact', async () => {
    const { run, artifact } = await train(
      join(dir, 'models'),
      '--inter',
      built.inter,
      '--intra',
      built.intra,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(ICC_SKIPPED_NOTE);
    expect(artifact!.synthetic).toBe(true);
    expect(artifact!.provenance.reliability.iccFilterSkipped).toBeUndefined();
    expect(artifact!.provenance.reliability.kept).toBeLessThan(artifact!.provenance.reliability.total);
    expect(artifact!.provenance.extraction).toEqual({
      pet: {
        versions: { PyRadiomics: 'v3.1.0', Numpy: '1.26.4' },
        settings: { binWidth: 0.25, resampledPixelSpacing: [2, 2, 2], interpolator: 'sitkBSpline', label: 1 },
      },
      ct: {
        versions: { PyRadiomics: 'v3.1.0', Numpy: '1.26.4' },
        settings: { binWidth: 25, resampledPixelSpacing: [2, 2, 2], interpolator: 'sitkBSpline', label: 1 },
      },
    });

    // Predicting a file with the same extraction says nothing; one with another bin width warns.
    const modelPath = join(dir, 'models', `${artifact!.id}.json`);
    const same = await runCli('predict', '--model', modelPath, '--input', built.cohort);
    expect(same.code).toBe(0);
    expect(same.stderr).not.toContain('extracted differently');
    const text = (await readFile(built.cohort, 'utf8')).replace('"binWidth":0.25', '"binWidth":0.5');
    const other = join(dir, 'other-binwidth.csv');
    await writeFile(other, text);
    const warned = await runCli('predict', '--model', modelPath, '--input', other);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(
      `warning: ${other} was extracted differently from the model's training cohort: pet: settings differ (here vs training: binWidth 0.5 vs 0.25)`,
    );
  }, 120_000);

  it('train without repeat segmentations says the ICC filter was skipped, on stderr and in the artifact', async () => {
    const { run, artifact } = await train(join(dir, 'models-no-icc'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(ICC_SKIPPED_NOTE);
    expect(artifact!.provenance.reliability.iccFilterSkipped).toBe(true);
    expect(artifact!.provenance.reliability.kept).toBe(artifact!.provenance.reliability.total);
  }, 120_000);
});
