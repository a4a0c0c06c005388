// Frozen-model evaluation of a model trained on the demo cohort with an extra pairwise task: on the
// external site it must reproduce, number for number, what training stored for the external set
// (computed there from the same probabilities by a different path: evaluation/binaryMetrics.ts);
// rows outside a task are left out; input problems name file, row and patient.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cohort } from '../../src/cohort/cohort.js';
import { CohortError } from '../../src/cohort/errors.js';
import { demoAsCohort, demoRepeatMeasurements, generateDemoCohort } from '../../src/demo/index.js';
import {
  evaluateFrozenModel,
  type FrozenEvaluation,
} from '../../src/frozenEvaluation/evaluateFrozenModel.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import type { Her2Model } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { DEFAULT_TRAINING_SEED, parseTrainingConfig } from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';
import { FIXED_NOW } from '../helpers/trainedDemoModel.js';

let cohort: Cohort;
let artifact: ModelArtifact;
let model: Her2Model;
let evaluation: FrozenEvaluation;

beforeAll(async () => {
  const demo = generateDemoCohort();
  cohort = demoAsCohort(demo);
  const config = parseTrainingConfig(
    JSON.parse(readFileSync(new URL('../../training/hou2025-low-vs-zero.json', import.meta.url), 'utf8')),
  );
  artifact = await trainModel({
    cohort,
    ...demoRepeatMeasurements(demo),
    config,
    seed: DEFAULT_TRAINING_SEED,
    cohortSha256: 'demo',
    packageVersions: { test: '0' },
    now: FIXED_NOW,
  });
  model = loadModel(artifact);
  evaluation = evaluateFrozenModel(model, cohort);
}, 60_000);

describe('evaluateFrozenModel on the demo cohort', () => {
  it('reproduces the stored external-set metrics on the external site, for every task', () => {
    expect(Object.keys(evaluation.tasks)).toEqual(['over', 'low', 'zero', 'low-vs-zero']);
    for (const [name, task] of Object.entries(artifact.tasks)) {
      const stored = task.models[task.best].metrics.external!;
      const site = evaluation.tasks[name].sites.institution2;
      expect(site.n).toBe(stored.n);
      expect(site.nPositive).toBe(stored.nPositive);
      expect(site.auc).toBe(stored.auc);
      expect(site.aucCi95).toEqual(stored.ci95);
      expect(site.sensitivity.value).toBe(stored.sensitivity);
      expect(site.specificity.value).toBe(stored.specificity);
      expect(site.calibration.intercept.estimate).toBeCloseTo(stored.calibrationIntercept, 10);
      expect(site.calibration.slope.estimate).toBeCloseTo(stored.calibrationSlope, 10);
      expect(site.ece).toBe(stored.ece);
      expect(site.brier).toBe(stored.brier);
      expect(site.threshold).toBe(task.models[task.best].threshold);
      expect(evaluation.tasks[name].classifier).toBe(task.best);
    }
  });

  it('leaves out rows whose status is not part of a task', () => {
    const over = cohort.labels.filter((s) => s === 'over').length;
    const pairwise = evaluation.tasks['low-vs-zero'];
    expect(pairwise.rows).toEqual({ included: cohort.labels.length - over, excluded: over });
    expect(pairwise.overall.n).toBe(cohort.labels.length - over);
    expect(pairwise.overall.nPositive).toBe(cohort.labels.filter((s) => s === 'low').length);
    expect(evaluation.tasks.over.rows.excluded).toBe(0);
  });

  it('groups per site and overall, and says it is synthetic', () => {
    expect(evaluation.cohort.sites.map((s) => s.name)).toEqual(['institution1', 'institution2']);
    const sites = evaluation.tasks.over.sites;
    expect(sites.institution1.n + sites.institution2.n).toBe(evaluation.tasks.over.overall.n);
    expect(evaluation.synthetic).toBe(true);
    // Each reliability bin carries a Wilson CI containing its observed rate, and the few-patients flag.
    for (const bin of evaluation.tasks.over.overall.reliability) {
      expect(bin.observedCi95[0]).toBeLessThanOrEqual(bin.observedRate);
      expect(bin.observedCi95[1]).toBeGreaterThanOrEqual(bin.observedRate);
      expect(bin.fewPatients).toBe(bin.count < 10);
    }
  });

  it('refuses out-of-distribution patients unless allowed, and lists them when allowed', () => {
    expect(evaluation.outOfDistribution).toEqual([]);
    const feature = model.requiredFeatures.find((f) => cohort.featureNames.includes(f))!;
    const j = cohort.featureNames.indexOf(feature);
    const range = artifact.input.ranges[feature];
    const column = Float64Array.from(cohort.features[j]);
    column[2] = range.max + 100 * range.std;
    const features = cohort.features.map((c, k) => (k === j ? column : c));
    const far = { ...cohort, features };
    expect(() => evaluateFrozenModel(model, far)).toThrow(/training SDs/);
    expect(evaluateFrozenModel(model, far, { allowOutOfDistribution: true }).outOfDistribution).toEqual([
      cohort.patientIds[2],
    ]);
  });

  it('names the file and the missing column before predicting anything', () => {
    const without = { ...cohort, source: 'new.csv', clinical: { ...cohort.clinical, er: undefined } };
    delete without.clinical.er;
    expect(() => evaluateFrozenModel(model, without)).toThrow(
      /^new\.csv: has no column for the input the model needs: er$/,
    );
  });

  it('names file, row and patient for a bad value', () => {
    const er = Float64Array.from(cohort.clinical.er!);
    er[4] = 250; // not a percentage
    const bad = { ...cohort, source: 'new.csv', clinical: { ...cohort.clinical, er } };
    let thrown: unknown;
    try {
      evaluateFrozenModel(model, bad, { allowOutOfDistribution: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CohortError);
    expect((thrown as CohortError).row).toBe(5);
    expect((thrown as CohortError).message).toMatch(
      new RegExp(`^new\\.csv, row 5, patient "${cohort.patientIds[4]}": field clinical\\.er: must be`),
    );
  });
});
