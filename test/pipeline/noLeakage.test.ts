// Everything the pipeline fits must come from training rows only. Two trainings that differ only in
// the validation and external rows (labels, feature values, their repeat measurements, clinical
// values) must produce the same fitted model: features, scaler, classifiers, calibration maps,
// thresholds, input ranges and medians. Only what is measured on those rows (their metrics, the
// DeLong comparisons, the cohort summary and, when chosen on validation AUC, `best`) may change.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HER2_STATUSES,
  type Cohort,
  type Her2Status,
  type RepeatMeasurement,
} from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { parseTrainingConfig, type TrainingConfig } from '../../src/pipeline/config.js';
import { partitionCohort } from '../../src/pipeline/partition.js';
import { trainModel } from '../../src/pipeline/train.js';
import { deriveSeed } from '../../src/stats/random.js';
import { trainedDemoModel } from '../helpers/trainedDemoModel.js';
import { multiSiteCohort } from './siteEffects.js';
import { copyCohort, copyRepeat, mulberry32, syntheticCohort } from './syntheticCohort.js';

const NEXT_LABEL: Record<Her2Status, Her2Status> = { over: 'low', low: 'zero', zero: 'over' };

interface Perturbation {
  /** Rows whose labels change. */
  labelRows: number[];
  /** Rows whose feature, repeat and clinical values change. */
  valueRows: number[];
  /** Put a NaN in this share of the changed feature cells (impute-median runs only). */
  missingShare?: number;
  seed: number;
}

function perturb(
  cohort: Cohort,
  repeats: { inter: RepeatMeasurement; intra: RepeatMeasurement },
  p: Perturbation,
): { cohort: Cohort; inter: RepeatMeasurement; intra: RepeatMeasurement } {
  const uniform = mulberry32(p.seed);
  const changed = copyCohort(cohort);
  const inter = copyRepeat(repeats.inter);
  const intra = copyRepeat(repeats.intra);
  for (const i of p.labelRows) changed.labels[i] = NEXT_LABEL[changed.labels[i]];
  const distort = (v: number) => v * (0.5 + uniform()) + (uniform() - 0.5) * (Math.abs(v) + 1);
  for (const columns of [changed.features, inter.features, intra.features]) {
    for (const column of columns) {
      for (const i of p.valueRows) {
        column[i] = p.missingShare && uniform() < p.missingShare ? Number.NaN : distort(column[i]);
      }
    }
  }
  const { er, pr, suv_max: suvMax, suv_mean: suvMean } = changed.clinical;
  for (const i of p.valueRows) {
    er![i] = 1 - er![i];
    pr![i] = 1 - pr![i];
    if (suvMax && suvMean) {
      suvMean[i] = suvMean[i] * 2;
      suvMax[i] = suvMean[i] * (1 + 3 * uniform());
    }
  }
  return { cohort: changed, inter, intra };
}

/** Everything fitted; excludes only what is measured on validation / external rows. */
function fittedParts(artifact: ModelArtifact, includeBest: boolean) {
  return {
    reliability: artifact.provenance.reliability,
    input: artifact.input,
    tasks: Object.fromEntries(
      Object.keys(artifact.tasks).map((task) => {
        const t = artifact.tasks[task];
        return [
          task,
          {
            selectedFeatures: t.selectedFeatures,
            clinicalFeatures: t.clinicalFeatures,
            inputs: t.inputs,
            projection: t.projection,
            scaler: t.scaler,
            selection: t.selection,
            best: includeBest ? t.best : undefined,
            models: Object.fromEntries(
              Object.entries(t.models).map(([kind, m]) => [
                kind,
                {
                  kind: m.kind,
                  hyperparameters: m.hyperparameters,
                  cvAuc: m.cvAuc,
                  tuning: m.tuning,
                  classifier: m.classifier,
                  calibration: m.calibration,
                  threshold: m.threshold,
                  oddsRatios: m.oddsRatios,
                  trainingMetrics: m.metrics.training,
                },
              ]),
            ),
          },
        ];
      }),
    ),
  };
}

const train = (
  data: { cohort: Cohort; inter?: RepeatMeasurement; intra?: RepeatMeasurement },
  config: TrainingConfig,
  seed: number,
) => trainModel({ ...data, config, seed, cohortSha256: 'x', packageVersions: {} });

describe('no leakage: demo cohort, default config (all four classifiers, ICC filter, published split)', () => {
  let original: ModelArtifact;
  let changed: ModelArtifact;

  beforeAll(async () => {
    const trained = await trainedDemoModel();
    original = trained.artifact;
    const { cohort } = trained;
    const heldOut = cohort.patientIds.map((_, i) => i).filter((i) => cohort.sets![i] !== 'training');
    const perturbed = perturb(cohort, trained.repeats, { labelRows: heldOut, valueRows: heldOut, seed: 5 });
    changed = await train(perturbed, trained.config, trained.seed);
  });

  it('the perturbation really changed what is measured on validation and external rows', () => {
    expect(changed.cohortSummary).not.toEqual(original.cohortSummary);
    for (const task of HER2_STATUSES) {
      for (const kind of ['lr', 'knn', 'svm', 'rf'] as const) {
        expect(changed.tasks[task].models[kind].metrics.validation!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.validation!.auc,
        );
        expect(changed.tasks[task].models[kind].metrics.external!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.external!.auc,
        );
      }
    }
  });

  it('every fitted parameter is identical', () => {
    const a = fittedParts(original, false);
    const b = fittedParts(changed, false);
    // Spot checks first, for a readable failure.
    for (const task of HER2_STATUSES) {
      expect(b.tasks[task].selectedFeatures).toEqual(a.tasks[task].selectedFeatures);
      expect(b.tasks[task].scaler).toEqual(a.tasks[task].scaler);
      for (const kind of ['lr', 'knn', 'svm', 'rf'] as const) {
        expect(b.tasks[task].models[kind].hyperparameters).toEqual(
          a.tasks[task].models[kind].hyperparameters,
        );
        expect(b.tasks[task].models[kind].calibration).toEqual(a.tasks[task].models[kind].calibration);
        expect(b.tasks[task].models[kind].threshold).toBe(a.tasks[task].models[kind].threshold);
      }
    }
    expect(b.input.ranges).toEqual(a.input.ranges);
    expect(b).toEqual(a);
  });

  it('all four classifiers were fitted (the comparison covers every kind)', () => {
    for (const task of HER2_STATUSES) {
      expect(Object.keys(original.tasks[task].models).sort()).toEqual(['knn', 'lr', 'rf', 'svm']);
    }
  });
});

describe('no leakage: random split, external site by name, impute-median, isotonic, HI, best by CV', () => {
  // With a random split the validation labels decide the stratified split itself, so here only the
  // external labels change; validation and external values do (with missing cells to impute).
  const config = parseTrainingConfig({
    split: 'random',
    externalSites: ['siteB'],
    missing: 'impute-median',
    calibration: 'isotonic',
    selectBestBy: 'cv',
    mrmrK: 3,
  });
  let original: ModelArtifact;
  let changed: ModelArtifact;
  let validationRows: number[];

  beforeAll(async () => {
    const data = syntheticCohort({ seed: 3, setColumn: false, suv: true });
    // Some missing training values too, so the medians are not simply the complete-case ones.
    const base = perturb(data.cohort, data, { labelRows: [], valueRows: [], seed: 1 });
    const uniform = mulberry32(9);
    for (const column of base.cohort.features) {
      for (let i = 0; i < column.length; i++) if (uniform() < 0.03) column[i] = Number.NaN;
    }
    original = await train(base, config, 77);
    const { cohort } = base;
    const external = cohort.patientIds.map((_, i) => i).filter((i) => cohort.sites[i] === 'siteB');
    // The validation rows of that run: trainModel partitions with deriveSeed(seed, 'split'). Should that
    // ever change, the rows perturbed here would include training rows and the test fails loudly.
    const partition = partitionCohort(cohort, config, deriveSeed(77, 'split'));
    validationRows = Array.from(partition.validation);
    expect(validationRows.length).toBeGreaterThan(0);
    const perturbed = perturb(base.cohort, base, {
      labelRows: external,
      valueRows: [...validationRows, ...external],
      missingShare: 0.2,
      seed: 6,
    });
    changed = await train(perturbed, config, 77);
  });

  it('the perturbation changed validation and external metrics', () => {
    for (const task of HER2_STATUSES) {
      for (const kind of ['lr', 'knn', 'svm', 'rf'] as const) {
        expect(changed.tasks[task].models[kind].metrics.validation!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.validation!.auc,
        );
        expect(changed.tasks[task].models[kind].metrics.external!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.external!.auc,
        );
      }
    }
  });

  it('the training rows and their labels are the same in both runs', () => {
    expect(changed.cohortSummary.training).toEqual(original.cohortSummary.training);
    expect(changed.cohortSummary.validation).not.toEqual(original.cohortSummary.validation);
  });

  it('medians come from training rows: imputation is recorded and identical', () => {
    expect(original.input.missing.policy).toBe('median');
    expect(Object.keys(original.input.missing.medians).sort()).toEqual([...original.input.features].sort());
    expect(changed.input.missing).toEqual(original.input.missing);
  });

  it('every fitted parameter is identical, including the CV-chosen best classifier', () => {
    expect(fittedParts(changed, true)).toEqual(fittedParts(original, true));
  });
});

describe.each(['univariate', 'location-scale', 'lasso', 'pca'] as const)(
  'no leakage: %s selector, categorical inputs, pairwise and subgroup tasks',
  (selector) => {
    const LESION = 'mri_lesion_type';
    const MARGIN = 'mri_margin';
    const config = parseTrainingConfig({
      tasks: [
        { name: 'low', positive: ['low'], negative: 'rest' },
        { name: 'low-vs-zero', positive: ['low'], negative: ['zero'] },
        {
          name: 'low-vs-zero-mass',
          positive: ['low'],
          negative: ['zero'],
          subgroup: { column: LESION, levels: ['mass'] },
        },
      ],
      categorical: { [LESION]: ['mass', 'nme'], [MARGIN]: null },
      selector,
      univariateTest: 'mann-whitney',
      pThreshold: 0.1,
      classifiers: ['lr'],
    });
    let original: ModelArtifact;
    let changed: ModelArtifact;

    /** The synthetic cohort with two categorical columns (repeat readings agree on them). */
    function withCategorical(
      data: ReturnType<typeof syntheticCohort>,
      levelsOf: (i: number) => [string, string],
    ) {
      const levels = data.cohort.patientIds.map((_, i) => levelsOf(i));
      const categorical = [levels.map((l) => l[0]), levels.map((l) => l[1])];
      const add = <T extends Cohort | RepeatMeasurement>(x: T): T => ({
        ...x,
        categoricalNames: [LESION, MARGIN],
        categorical: categorical.map((c) => [...c]),
      });
      return { cohort: add(data.cohort), inter: add(data.inter), intra: add(data.intra) };
    }

    beforeAll(async () => {
      const data = syntheticCohort({ seed: 21, setColumn: true });
      const uniform = mulberry32(4);
      const margins = ['irregular', 'oval', 'round'];
      const base = withCategorical(data, (i) => [
        uniform() < 0.7 ? 'mass' : 'nme',
        data.cohort.labels[i] === 'low' && uniform() < 0.6 ? 'irregular' : margins[Math.floor(uniform() * 3)],
      ]);
      original = await train(base, config, 8);
      const heldOut = base.cohort.patientIds
        .map((_, i) => i)
        .filter((i) => base.cohort.sets![i] !== 'training');
      const perturbed = perturb(base.cohort, base, { labelRows: heldOut, valueRows: heldOut, seed: 12 });
      const flip = mulberry32(13);
      const again = withCategorical(
        {
          cohort: perturbed.cohort,
          inter: perturbed.inter,
          intra: perturbed.intra,
          informative: data.informative,
          unreliable: [],
        },
        (i) =>
          heldOut.includes(i)
            ? [flip() < 0.5 ? 'mass' : 'nme', margins[Math.floor(flip() * 3)]]
            : [base.cohort.categorical[0][i], base.cohort.categorical[1][i]],
      );
      changed = await train(again, config, 8);
    });

    it('the perturbation changed what is measured on held-out rows', () => {
      for (const task of Object.keys(original.tasks)) {
        expect(changed.tasks[task].models.lr.metrics.validation!.auc).not.toBe(
          original.tasks[task].models.lr.metrics.validation!.auc,
        );
      }
    });

    it('every fitted parameter is identical: selection, encoding, projection, scaler, classifier, calibration, odds ratios', () => {
      // pca projects the continuous candidates only; the others may select the informative margin.
      if (selector === 'pca') expect(original.tasks.low.projection).toBeDefined();
      expect(original.input.categorical[LESION]).toEqual({ levels: ['mass', 'nme'] });
      expect(fittedParts(changed, false)).toEqual(fittedParts(original, false));
    });
  },
);

describe('no leakage: ComBat site harmonisation (two development sites, an external one)', () => {
  // Held-out rows change their labels, values and (validation rows) even their development site:
  // the harmonisation is fitted on training rows only and never sees a label.
  const config = parseTrainingConfig({ harmonization: 'combat', classifiers: ['lr', 'knn'], mrmrK: 4 });
  let original: ModelArtifact;
  let changed: ModelArtifact;

  beforeAll(async () => {
    const base = multiSiteCohort(17);
    original = await train(base, config, 23);
    const { cohort } = base;
    const heldOut = cohort.patientIds.map((_, i) => i).filter((i) => cohort.sets![i] !== 'training');
    const perturbed = perturb(cohort, base, { labelRows: heldOut, valueRows: heldOut, seed: 19 });
    perturbed.cohort.sites = cohort.sites.map((site, i) =>
      cohort.sets![i] === 'validation' ? (site === 'siteA' ? 'siteC' : 'siteA') : site,
    );
    changed = await train(perturbed, config, 23);
  });

  it('the perturbation changed what is measured on validation and external rows', () => {
    for (const task of HER2_STATUSES) {
      for (const kind of ['lr', 'knn'] as const) {
        expect(changed.tasks[task].models[kind].metrics.validation!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.validation!.auc,
        );
        expect(changed.tasks[task].models[kind].metrics.external!.auc).not.toBe(
          original.tasks[task].models[kind].metrics.external!.auc,
        );
      }
    }
  });

  it('the harmonisation state and every fitted parameter are identical', () => {
    const state = original.input.harmonization!;
    expect(state.batches).toEqual(['siteA', 'siteC']);
    expect(state.features.length).toBeGreaterThan(0);
    expect(changed.input.harmonization).toEqual(state);
    expect(fittedParts(changed, false)).toEqual(fittedParts(original, false));
  });
});
