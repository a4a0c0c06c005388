/**
 * Adapting a trained model to a new site from its unlabelled patients: the adaptation is stored
 * beside the model (its id unchanged), a patient naming the site is moved onto the training
 * distribution, and bad input is refused naming what is wrong. The ComBat arithmetic itself is
 * checked against sva::ComBat(ref.batch) in test/harmonisation/siteAdaptation.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aucMannWhitney } from '../../src/stats/auc.js';
import type { Cohort } from '../../src/cohort/cohort.js';
import { loadModel } from '../../src/model/loadModel.js';
import { adaptModelToSite, SiteAdaptationError } from '../../src/model/siteAdaptation.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { trainModel } from '../../src/pipeline/train.js';
import { auth, KEYS, makeTestApp } from '../helpers/testApp.js';
import { multiSiteCohort } from '../pipeline/siteEffects.js';
import { patientOf } from '../helpers/patientOf.js';

async function train(config: unknown) {
  const data = multiSiteCohort(31);
  const artifact = await trainModel({
    ...data,
    config: parseTrainingConfig(config),
    seed: 3,
    cohortSha256: 'x',
    packageVersions: {},
  });
  return { ...data, artifact };
}

const harmonised = train({ harmonization: 'combat', classifiers: ['lr'] });
const plain = train({ classifiers: ['lr'] });

function siteRows(cohort: Cohort, site: string): number[] {
  return cohort.patientIds.map((_, i) => i).filter((i) => cohort.sites[i] === site);
}

describe('adapting a model to a new site', () => {
  it('estimates the site from its patients, keeps the model id, and moves the site onto the training data', async () => {
    const { artifact, cohort } = await harmonised;
    const rows = siteRows(cohort, 'siteB');
    const patients = rows.map((i) => patientOf(cohort, artifact, i));
    const idBefore = artifact.id;
    const adaptation = adaptModelToSite(artifact, 'siteB', patients, { eb: false });
    expect(artifact.id).toBe(idBefore);
    expect(adaptation).toMatchObject({
      modelId: artifact.id,
      site: 'siteB',
      features: artifact.input.features,
    });
    expect(adaptation.effects.n).toBe(rows.length);
    // Without shrinkage γ is the site's mean in reference SDs: adapted values average to the reference mean.
    const model = loadModel(artifact, [adaptation]);
    const before = loadModel(artifact);
    const adapted = model.predict(rows.map((i) => patientOf(cohort, artifact, i, 'siteB')));
    const unadapted = before.predict(rows.map((i) => patientOf(cohort, artifact, i, 'siteB')));
    adapted.forEach((p) => {
      expect(p.site).toEqual({ name: 'siteB', harmonisation: 'adapted-site' });
      expect(p.warnings.join(' ')).not.toMatch(/harmoni/);
    });
    expect(unadapted[0].site).toEqual({ name: 'siteB', harmonisation: 'none' });
    expect(unadapted[0].warnings.join(' ')).toMatch(/site "siteB" is not one this model/);
    // The point of adapting: the external site is ranked better once its scanner effect is removed.
    const labels = rows.map((i) => (cohort.labels[i] === 'over' ? 1 : 0));
    const aucOf = (ps: typeof adapted) =>
      aucMannWhitney(
        Float64Array.from(ps, (p) => p.tasks.over.probability!),
        labels,
      );
    expect(aucOf(adapted)).toBeGreaterThan(aucOf(unadapted));
  });

  it('reads no label and no patient order: permuted, relabelled patients give the same effects', async () => {
    const { artifact, cohort } = await harmonised;
    const rows = siteRows(cohort, 'siteB');
    const a = adaptModelToSite(
      artifact,
      'siteB',
      rows.map((i) => patientOf(cohort, artifact, i)),
      { now: () => new Date(0) },
    );
    const shuffled = [...rows].reverse().map((i, k) => ({ ...patientOf(cohort, artifact, i), id: `x${k}` }));
    const b = adaptModelToSite(artifact, 'siteB', shuffled, { now: () => new Date(0) });
    if (a.effects.method === 'quantile' || b.effects.method === 'quantile') throw new Error('not ComBat');
    const [ea, eb] = [a.effects, b.effects];
    ea.gamma.forEach((g, j) => expect(eb.gamma[j]).toBeCloseTo(g, 12));
    ea.delta.forEach((d, j) => expect(eb.delta[j]).toBeCloseTo(d, 12));
  });

  it('a model trained without harmonisation can be adapted too; then an unnamed site is warned about', async () => {
    const { artifact, cohort } = await plain;
    const rows = siteRows(cohort, 'siteB');
    const adaptation = adaptModelToSite(
      artifact,
      'siteB',
      rows.map((i) => patientOf(cohort, artifact, i)),
    );
    const model = loadModel(artifact, [adaptation]);
    const [named, unnamed] = model.predict([
      patientOf(cohort, artifact, rows[0], 'siteB'),
      patientOf(cohort, artifact, rows[0]),
    ]);
    expect(named.site?.harmonisation).toBe('adapted-site');
    expect(unnamed.site).toEqual({ name: null, harmonisation: 'none' });
    expect(unnamed.warnings.join(' ')).toMatch(
      /no site given: this model harmonises imaging features for its sites \(siteB\)/,
    );
    expect(named.tasks.over.probability).not.toBe(unnamed.tasks.over.probability);
    expect(() =>
      model.predict([patientOf(cohort, artifact, rows[0], 'elsewhere')], { unknownSite: 'reject' }),
    ).toThrow(
      /site "elsewhere" is not one this model was harmonised on or adapted to \(siteB\); adapt the model to the site first/,
    );
  });

  it('quantile mapping undoes a scanner that bends the scale, where ComBat cannot; no label is read', async () => {
    const { artifact, cohort } = await plain;
    const rows = siteRows(cohort, 'siteB');
    // A second, non-linear scanner at siteB: every imaging value through a monotone exponential.
    const bent = (i: number, site?: string) => {
      const p = patientOf(cohort, artifact, i, site);
      const features = Object.fromEntries(
        Object.entries(p.features!).map(([name, v]) => [name, Math.exp(0.3 * (v as number))]),
      );
      return { ...p, features };
    };
    const labels = rows.map((i) => (cohort.labels[i] === 'over' ? 1 : 0));
    const aucBy = (method: 'combat' | 'quantile') => {
      const adaptation = adaptModelToSite(
        artifact,
        'siteB',
        rows.map((i) => ({ ...bent(i), id: `anon-${i}` })),
        { method },
      );
      expect(adaptation.effects.method).toBe(method);
      const predictions = loadModel(artifact, [adaptation]).predict(rows.map((i) => bent(i, 'siteB')));
      return aucMannWhitney(
        Float64Array.from(predictions, (p) => p.tasks.over.probability!),
        labels,
      );
    };
    const unadapted = loadModel(artifact).predict(rows.map((i) => bent(i, 'siteB')));
    const aucUnadapted = aucMannWhitney(
      Float64Array.from(unadapted, (p) => p.tasks.over.probability!),
      labels,
    );
    expect(aucBy('quantile')).toBeGreaterThan(aucBy('combat'));
    expect(aucBy('quantile')).toBeGreaterThan(aucUnadapted);
  });

  it('refuses quantile mapping for a model that records no training quantiles, naming the method', async () => {
    const { artifact, cohort } = await plain;
    const old = structuredClone(artifact);
    for (const range of Object.values(old.input.ranges)) delete range.quantiles;
    const patients = siteRows(cohort, 'siteB').map((i) => patientOf(cohort, artifact, i));
    expect(() => adaptModelToSite(old, 'siteB', patients, { method: 'quantile' })).toThrow(
      /records no training quantiles .* use method "combat", or retrain/,
    );
    expect(adaptModelToSite(old, 'siteB', patients).effects.method).toBe('combat');
  });

  it('refuses a training site, too few patients and a missing feature, naming them', async () => {
    const { artifact, cohort } = await harmonised;
    const rows = siteRows(cohort, 'siteB');
    const patients = rows.map((i) => patientOf(cohort, artifact, i));
    expect(() => adaptModelToSite(artifact, 'siteA', patients)).toThrow(SiteAdaptationError);
    expect(() => adaptModelToSite(artifact, 'siteA', patients)).toThrow(
      /one of this model's training sites \(siteA, siteC\)/,
    );
    expect(() => adaptModelToSite(artifact, 'siteB', patients.slice(0, 19))).toThrow(
      /19 patients given; adapting a site needs at least 20/,
    );
    expect(() => adaptModelToSite(artifact, 'site/../x', patients)).toThrow(/not a valid site name/);
    const feature = artifact.input.features[0];
    const holed = patients.map((p, k) =>
      k === 3 ? { ...p, features: { ...p.features, [feature]: undefined as unknown as number } } : p,
    );
    expect(() => adaptModelToSite(artifact, 'siteB', holed)).toThrow(
      new RegExp(`patient ${patients[3].id}: features.${feature} is missing`),
    );
  });
});

describe('POST /v1/models/:id/sites', () => {
  it('adapts the served model (admin), lists the site, persists it across a restart, and answers bad input with 4xx', async () => {
    const { artifact, cohort } = await plain;
    const rows = siteRows(cohort, 'siteB');
    const body = {
      site: 'siteB',
      patients: rows.map((i) => ({
        id: cohort.patientIds[i],
        features: patientOf(cohort, artifact, i).features,
      })),
    };
    const dir = await mkdtemp(join(tmpdir(), 'her2-sites-'));
    const t = await makeTestApp({ dir, artifacts: [artifact], modelLoader: loadModel });
    try {
      const url = `/v1/models/${artifact.id}/sites`;
      expect(
        (await t.app.inject({ method: 'POST', url, headers: auth(KEYS.predict), payload: body })).statusCode,
      ).toBe(403);
      const tooFew = await t.app.inject({
        method: 'POST',
        url,
        headers: auth(KEYS.admin),
        payload: { ...body, patients: body.patients.slice(0, 5) },
      });
      expect(tooFew.statusCode).toBe(422);
      expect(tooFew.json().message).toMatch(/5 patients given; adapting a site needs at least 20/);
      const training = await t.app.inject({
        method: 'POST',
        url,
        headers: auth(KEYS.admin),
        payload: { ...body, site: '../x' },
      });
      expect(training.statusCode).toBe(400);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/v1/models/nope/sites',
        headers: auth(KEYS.admin),
        payload: body,
      });
      expect(missing.statusCode).toBe(404);

      const res = await t.app.inject({ method: 'POST', url, headers: auth(KEYS.admin), payload: body });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        modelId: artifact.id,
        site: 'siteB',
        patients: rows.length,
        method: 'combat',
        eb: true,
      });
      const adapt = (payload: object) =>
        t.app.inject({ method: 'POST', url, headers: auth(KEYS.admin), payload: { ...body, ...payload } });
      const quantile = await adapt({ site: 'siteQ', method: 'quantile' });
      expect(quantile.statusCode).toBe(201);
      expect(quantile.json().method).toBe('quantile');
      expect(quantile.json().features[0].quantiles).toHaveLength(21);
      const badMethod = await adapt({ site: 'siteR', method: 'splines' });
      expect(badMethod.statusCode).toBe(400);
      expect(badMethod.body).toMatch(/method/);
      const list = await t.app.inject({ method: 'GET', url, headers: auth(KEYS.predict) });
      expect(list.json().sites.map((s: { site: string; method: string }) => [s.site, s.method])).toEqual([
        ['siteB', 'combat'],
        ['siteQ', 'quantile'],
      ]);
      const predicted = await t.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: { patients: [patientOf(cohort, artifact, rows[0], 'siteB')] },
      });
      expect(predicted.statusCode).toBe(200);
      expect(predicted.json().predictions[0].site).toEqual({ name: 'siteB', harmonisation: 'adapted-site' });
      expect(predicted.json().model.id).toBe(artifact.id);
    } finally {
      await t.close();
    }
    const restarted = await makeTestApp({
      dir,
      artifacts: [],
      modelLoader: loadModel,
      config: { unknownSite: 'reject' },
    });
    try {
      const again = await restarted.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: {
          patients: [
            patientOf(cohort, artifact, rows[0], 'siteB'),
            patientOf(cohort, artifact, rows[1], 'elsewhere'),
          ],
        },
      });
      expect(again.statusCode).toBe(422);
      expect(again.json().message).toMatch(
        /site "elsewhere" is not one this model was harmonised on or adapted to \(siteB, siteQ\)/,
      );
      const ok = await restarted.app.inject({
        method: 'POST',
        url: '/v1/predictions',
        headers: auth(KEYS.predict),
        payload: { patients: [patientOf(cohort, artifact, rows[0], 'siteB')] },
      });
      expect(ok.json().predictions[0].site.harmonisation).toBe('adapted-site');
    } finally {
      await restarted.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
