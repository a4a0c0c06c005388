// The search preset end to end on a small synthetic cohort: validation and external rows changed
// arbitrarily (labels, feature values, clinical values) change nothing the search chose or fitted;
// the served model (loadModel) gives the probabilities training evaluated; an ensemble is served
// as the calibrated mean of its members; progress counts pipelines; the seed reproduces the search.
import { beforeAll, describe, expect, it } from 'vitest';
import { HER2_STATUSES, type Cohort, type Her2Status } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import type { FittedTask } from '../../src/pipeline/fitTask.js';
import { trainModel, type TrainingProgress } from '../../src/pipeline/train.js';
import { patientInput } from '../helpers/trainedDemoModel.js';
import { copyCohort, copyRepeat, mulberry32, syntheticCohort } from '../pipeline/syntheticCohort.js';

const NEXT_LABEL: Record<Her2Status, Her2Status> = { over: 'low', low: 'zero', zero: 'over' };
const config = parseTrainingConfig({ preset: 'search', searchBudget: 10, ensembleSize: 3 });
const SEED = 11;

/** Everything the search fitted or chose; excludes only what is measured on validation / external rows. */
function searchParts(artifact: ModelArtifact) {
  return Object.fromEntries(
    Object.entries(artifact.tasks).map(([name, t]) => {
      const s = t.search!;
      return [
        name,
        {
          candidates: s.candidates,
          choice: s.choice,
          chosen: s.chosen,
          innerCvAuc: s.innerCvAuc,
          ensembleCvAuc: s.ensembleCvAuc,
          nestedCvAuc: s.nestedCvAuc,
          nestedFolds: s.nestedFolds,
          threshold: s.threshold,
          served: s.served,
          training: s.metrics.training,
        },
      ];
    }),
  );
}

describe('search preset on a synthetic cohort', () => {
  const data = syntheticCohort({ seed: 5, setColumn: true, suv: true });
  let original: ModelArtifact;
  let changed: ModelArtifact;
  const fitted = new Map<string, FittedTask>();
  const progress: TrainingProgress[] = [];

  beforeAll(async () => {
    original = await trainModel({
      cohort: data.cohort,
      inter: data.inter,
      intra: data.intra,
      config,
      seed: SEED,
      cohortSha256: 'x',
      packageVersions: {},
      onProgress: (p) => progress.push(p),
      onTaskFitted: (name, task) => fitted.set(name, task),
    });
    const cohort: Cohort = copyCohort(data.cohort);
    const inter = copyRepeat(data.inter);
    const intra = copyRepeat(data.intra);
    const uniform = mulberry32(3);
    const heldOut = cohort.patientIds.map((_, i) => i).filter((i) => cohort.sets![i] !== 'training');
    for (const i of heldOut) cohort.labels[i] = NEXT_LABEL[cohort.labels[i]];
    for (const columns of [cohort.features, inter.features, intra.features]) {
      for (const column of columns)
        for (const i of heldOut) column[i] = 5 * (uniform() - 0.5) + column[i] * 3;
    }
    for (const i of heldOut) {
      cohort.clinical.er![i] = 1 - cohort.clinical.er![i];
      cohort.clinical.suv_max![i] *= 2;
    }
    changed = await trainModel({
      cohort,
      inter,
      intra,
      config,
      seed: SEED,
      cohortSha256: 'x',
      packageVersions: {},
    });
  }, 600_000);

  it('records a search per task: budget, ranked candidates, a nested estimate, both rules', () => {
    for (const task of HER2_STATUSES) {
      const s = original.tasks[task].search!;
      expect(s.candidates).toHaveLength(10);
      const aucs = s.candidates.map((c) => c.cvAuc);
      expect(aucs).toEqual([...aucs].sort((a, b) => b - a));
      expect(s.nestedFolds).toHaveLength(3);
      expect(s.nestedCvAuc).toBeCloseTo(s.nestedFolds.reduce((a, f) => a + f.auc, 0) / 3, 12);
      expect(s.innerCvAuc).toBe(s.choice === 'ensemble' ? s.ensembleCvAuc : s.candidates[0].cvAuc);
      expect(s.served.members).toHaveLength(s.choice === 'ensemble' ? 3 : 1);
      expect(s.paper).toEqual({ classifier: original.tasks[task].best, rule: 'validation' });
      expect(s.comparisons.map((c) => c.set)).toEqual(['validation', 'external']);
      const external = s.comparisons[1];
      expect(external.searchAuc).toBeCloseTo(s.metrics.external!.auc, 12);
      expect(external.paperAuc).toBeCloseTo(
        original.tasks[task].models[original.tasks[task].best].metrics.external!.auc,
        12,
      );
    }
  });

  it('the perturbation changed what is measured on validation and external rows', () => {
    for (const task of HER2_STATUSES) {
      expect(changed.tasks[task].search!.metrics.external!.auc).not.toBe(
        original.tasks[task].search!.metrics.external!.auc,
      );
      expect(changed.tasks[task].search!.metrics.validation!.auc).not.toBe(
        original.tasks[task].search!.metrics.validation!.auc,
      );
    }
  });

  it('no validation or external row changes the searched choice or any fitted parameter', () => {
    expect(searchParts(changed)).toEqual(searchParts(original));
  });

  it('progress reports pipelines done / total, up to the total', () => {
    const search = progress.filter((p) => p.stage.startsWith('search:over:'));
    // 10 pipelines, then 10 in each of the 3 outer folds.
    expect(search.at(-1)!.stage).toBe('search:over: pipelines 40 / 40');
    expect(search.map((p) => Number(/pipelines (\d+)/.exec(p.stage)![1]))).toEqual(
      Array.from({ length: 40 }, (_, k) => k + 1),
    );
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('the served model predicts exactly the probabilities training evaluated', () => {
    const model = loadModel(JSON.parse(JSON.stringify(original)) as ModelArtifact);
    const cohort = data.cohort;
    const patients = cohort.patientIds.map((_, i) => patientInput(cohort, i, original.input.features));
    const predictions = model.predict(patients);
    for (const task of HER2_STATUSES) {
      const expected = fitted.get(task)!.probabilities;
      predictions.forEach((p, i) => expect(p.tasks[task].probability).toBe(expected[i]));
      const s = original.tasks[task].search!;
      const label = s.choice === 'ensemble' ? 'ensemble' : s.served.members[0].classifier.kind;
      expect(predictions[0].tasks[task].classifier).toBe(label);
    }
  });

  it('an ensemble is served as its calibration map of the mean of its members', () => {
    // Task over and low each serve one pipeline; task zero serves those two as an ensemble.
    const singles = structuredClone(original);
    const [a, b] = [
      singles.tasks.over.search!.served.members[0],
      singles.tasks.low.search!.served.members[0],
    ];
    singles.tasks.over.search!.served = { members: [a], calibration: null };
    singles.tasks.low.search!.served = { members: [b], calibration: null };
    const ensemble = structuredClone(singles);
    ensemble.tasks.zero.search!.served = {
      members: [a, b],
      calibration: { method: 'sigmoid', a: -4, b: 1.5 },
    };
    const cohort = data.cohort;
    const patients = cohort.patientIds.map((_, i) => patientInput(cohort, i, original.input.features));
    const single = loadModel(singles).predict(patients);
    const combined = loadModel(ensemble).predict(patients);
    combined.forEach((p, i) => {
      const mean = (single[i].tasks.over.probability! + single[i].tasks.low.probability!) / 2;
      expect(p.tasks.zero.probability).toBeCloseTo(1 / (1 + Math.exp(-4 * mean + 1.5)), 12);
      expect(p.tasks.zero.classifier).toBe('ensemble');
      expect(p.tasks.over.probability).toBe(single[i].tasks.over.probability);
    });
  });

  it('the same seed reproduces the search', async () => {
    const again = await trainModel({
      cohort: data.cohort,
      inter: data.inter,
      intra: data.intra,
      config,
      seed: SEED,
      cohortSha256: 'x',
      packageVersions: {},
    });
    expect(again.id).toBe(original.id);
  }, 600_000);
});
