/**
 * Site harmonisation (config `harmonization: "combat"`) end to end: fitted on the training rows of
 * the development sites, applied to their validation rows, the external site left as it is; the
 * artifact carries the state and serving recomputes bit for bit what training fitted on.
 */
import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { loadModel } from '../../src/model/loadModel.js';
import { ConfigError, parseTrainingConfig } from '../../src/pipeline/config.js';
import { TrainingInputError } from '../../src/pipeline/errors.js';
import type { FittedTask } from '../../src/pipeline/fitTask.js';
import { trainModel } from '../../src/pipeline/train.js';
import { renderHtmlReport } from '../../src/report/index.js';
import { auth, KEYS, makeTestApp } from '../helpers/testApp.js';
import { multiSiteCohort } from './siteEffects.js';
import { syntheticCohort } from './syntheticCohort.js';
import { patientOf } from '../helpers/patientOf.js';

const CONFIG = { harmonization: 'combat', classifiers: ['lr', 'knn'], missing: 'impute-median' };

async function train(config: unknown, data = multiSiteCohort(31)) {
  // Two missing values: imputed with the raw training median, then harmonised (training and serving).
  data.cohort.features[0][5] = NaN;
  data.cohort.features[0][200] = NaN;
  const fitted = new Map<string, FittedTask>();
  const artifact = await trainModel({
    ...data,
    config: parseTrainingConfig(config),
    seed: 3,
    cohortSha256: 'x',
    packageVersions: {},
    onTaskFitted: (name, task) => fitted.set(name, task),
  });
  return { ...data, artifact, fitted };
}

const trained = train(CONFIG);

/** Mean over the rows with a value (the raw columns have missing values). */
function meanOver(column: Float64Array, rows: number[]): number {
  const present = rows.filter((i) => !Number.isNaN(column[i]));
  return present.reduce((s, i) => s + column[i], 0) / present.length;
}

describe('ComBat harmonisation in training', () => {
  it('records the state for the model features and the training sites only', async () => {
    const { artifact } = await trained;
    const h = artifact.input.harmonization!;
    expect(h.method).toBe('combat');
    expect(h.batches).toEqual(['siteA', 'siteC']);
    expect(h.features).toEqual(artifact.input.features);
    expect(h.grandMean).toHaveLength(h.features.length);
    expect(h.gammaStar.map((g) => g.length)).toEqual([h.features.length, h.features.length]);
    expect(h.eb).toBe(true);
    expect(h.meanOnly).toBe(false);
    expect(artifact.provenance.externalSites).toEqual(['siteB']);
  });

  it('removes the site effect from the development sites and leaves the external site as it is', async () => {
    const { artifact, cohort, fitted } = await trained;
    const task = fitted.get('low')!;
    const inputs = artifact.tasks.low.inputs;
    const rows = (site: string, set: string) =>
      cohort.patientIds.map((_, i) => i).filter((i) => cohort.sites[i] === site && cohort.sets![i] === set);
    let compared = 0;
    artifact.input.features.forEach((name) => {
      const k = inputs.indexOf(name);
      if (k < 0) return;
      const harmonised = task.inputColumns[k];
      const raw = cohort.features[cohort.featureNames.indexOf(name)];
      const [a, c] = [rows('siteA', 'training'), rows('siteC', 'training')];
      // Raw site means differ by the simulated shift; harmonised ones much less.
      expect(Math.abs(meanOver(harmonised, a) - meanOver(harmonised, c))).toBeLessThan(
        Math.abs(meanOver(raw, a) - meanOver(raw, c)),
      );
      for (const i of rows('siteB', 'external'))
        if (!Number.isNaN(raw[i])) expect(harmonised[i]).toBe(raw[i]);
      for (const i of rows('siteA', 'validation')) expect(harmonised[i]).not.toBe(raw[i]);
      compared++;
    });
    expect(compared).toBeGreaterThan(0);
  });

  it('serving computes bit for bit the probabilities training fitted, for patients naming their site', async () => {
    const { artifact, cohort, fitted } = await trained;
    const model = loadModel(JSON.parse(JSON.stringify(artifact)) as ModelArtifact);
    const patients = cohort.patientIds.map((_, i) => patientOf(cohort, artifact, i, cohort.sites[i]));
    const predictions = model.predict(patients);
    let compared = 0;
    for (const [name, task] of fitted) {
      predictions.forEach((p, i) => {
        expect(Object.is(p.tasks[name].probability, task.probabilities[i])).toBe(true);
        compared++;
      });
    }
    expect(compared).toBe(3 * cohort.patientIds.length);
    // Patients of a training site get no harmonisation warning; the external site's do.
    const a = cohort.sites.indexOf('siteA');
    const b = cohort.sites.indexOf('siteB');
    expect(predictions[a].warnings.join(' ')).not.toMatch(/harmoni/);
    expect(predictions[b].warnings).toContainEqual(
      expect.stringMatching(
        /site "siteB" is not one this model was harmonised on or adapted to \(siteA, siteC\)/,
      ),
    );
  });

  it('a patient without a site is predicted unharmonised, with a warning; with the site, harmonised', async () => {
    const { artifact, cohort } = await trained;
    const model = loadModel(artifact);
    const i = cohort.sites.indexOf('siteC');
    const [without, withSite] = model.predict([
      patientOf(cohort, artifact, i),
      patientOf(cohort, artifact, i, 'siteC'),
    ]);
    expect(without.warnings).toContainEqual(
      expect.stringMatching(/no site given.*\(siteA, siteC\).*unharmonised/),
    );
    expect(without.tasks.low.probability).not.toBe(withSite.tasks.low.probability);
  });

  it('the service takes a site per patient and answers the warning', async () => {
    const { artifact, cohort } = await trained;
    const t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel });
    try {
      const i = cohort.sites.indexOf('siteA');
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: {
          patients: [patientOf(cohort, artifact, i, 'siteA'), patientOf(cohort, artifact, i, 'elsewhere')],
        },
      });
      expect(res.statusCode).toBe(200);
      const [known, unknown] = res.json().predictions as { warnings: string[] }[];
      expect(known.warnings.join(' ')).not.toMatch(/harmoni/);
      expect(unknown.warnings).toContainEqual(
        expect.stringContaining('site "elsewhere" is not one this model'),
      );
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: { patients: [{ ...patientOf(cohort, artifact, i), site: 7 }] },
      });
      expect(bad.statusCode).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('the report names the harmonisation and its sites', async () => {
    const { artifact } = await trained;
    expect(renderHtmlReport(artifact)).toMatch(
      /Site harmonisation<\/dt><dd>ComBat \(empirical-Bayes shrinkage, site location and scale\) fitted on the training rows of <code>siteA<\/code>, <code>siteC<\/code>/,
    );
  });

  it('without harmonisation the artifact has no state and a site changes nothing', async () => {
    const plain = await train({ ...CONFIG, harmonization: 'none' });
    expect(plain.artifact.input.harmonization).toBeUndefined();
    expect(renderHtmlReport(plain.artifact)).not.toContain('Site harmonisation');
    const model = loadModel(plain.artifact);
    const [p, q] = model.predict([
      patientOf(plain.cohort, plain.artifact, 0),
      patientOf(plain.cohort, plain.artifact, 0, 'siteA'),
    ]);
    expect(q.tasks).toEqual(p.tasks);
    expect(q.warnings).toEqual(p.warnings);
  });
});

describe('harmonisation options and bad input', () => {
  it('config: the options parse and are checked, naming the field', () => {
    const config = parseTrainingConfig({ harmonization: 'combat', combatEb: false, combatMeanOnly: true });
    expect(config).toMatchObject({ harmonization: 'combat', combatEb: false, combatMeanOnly: true });
    expect(parseTrainingConfig({})).toMatchObject({
      harmonization: 'none',
      combatEb: true,
      combatMeanOnly: false,
    });
    expect(() => parseTrainingConfig({ harmonization: 'neurocombat' })).toThrow(ConfigError);
    expect(() => parseTrainingConfig({ harmonization: 'neurocombat' })).toThrow(
      /"harmonization": must be one of none, combat/,
    );
    expect(() => parseTrainingConfig({ combatEb: 'yes' })).toThrow(/"combatEb": must be true or false/);
  });

  it('eb off and meanOnly are passed to ComBat', async () => {
    const { artifact } = await train({
      ...CONFIG,
      combatEb: false,
      combatMeanOnly: true,
      classifiers: ['lr'],
    });
    const h = artifact.input.harmonization!;
    expect(h).toMatchObject({ eb: false, meanOnly: true });
    expect(h.deltaStar.flat().every((d) => d === 1)).toBe(true);
  });

  it('one training site is a training input error naming harmonisation', async () => {
    await expect(train(CONFIG, syntheticCohort({ seed: 31, setColumn: true }))).rejects.toThrow(
      TrainingInputError,
    );
    await expect(train(CONFIG, syntheticCohort({ seed: 31, setColumn: true }))).rejects.toThrow(
      /site harmonisation \(ComBat\) needs training rows from at least 2 sites, but they all come from "siteA"/,
    );
  });
});
