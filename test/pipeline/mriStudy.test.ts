/**
 * The second demo study end to end: the SYNTHETIC MRI cohort after Shen et al. is parsed with the
 * study's config (categorical BI-RADS descriptors, DKI histograms, two readers), trained on its pairwise
 * and subgroup tasks, served, and reported with pairwise AUCs and odds ratios.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateMriCohort } from '../../src/demo/shen2024/generateMriCohort.js';
import { formatMriCohortCsv } from '../../src/demo/shen2024/mriCohortCsv.js';
import { loadModel } from '../../src/model/loadModel.js';
import { parseTrainingConfig } from '../../src/pipeline/config.js';
import { readTrainingTexts, trainFromSources } from '../../src/pipeline/trainFromFiles.js';
import { renderHtmlReport } from '../../src/report/html.js';

const config = parseTrainingConfig(
  JSON.parse(readFileSync(new URL('../../training/shen2024-mri.json', import.meta.url), 'utf8')),
);
const csv = formatMriCohortCsv(generateMriCohort());
const sources = readTrainingTexts(
  { cohort: csv.cohort, inter: csv.inter, intra: csv.intra, cohortName: 'synthetic-mri-cohort.csv' },
  config,
);
const trained = trainFromSources(sources, config, 20250101);

describe('the SYNTHETIC MRI demo study (Shen et al. configuration)', () => {
  it('reads the BI-RADS descriptors as categorical inputs and checks them with kappa', async () => {
    expect(sources.cohort.synthetic).toBe(true);
    expect(sources.cohort.categoricalNames).toContain('mri_lesion_type');
    const artifact = await trained;
    const reliability = artifact.provenance.reliability;
    expect(reliability.totalCategorical).toBe(sources.cohort.categoricalNames.length);
    // The generator makes two descriptors unreliable by design.
    expect(reliability.keptCategorical).toBeLessThan(reliability.totalCategorical!);
  });

  it('trains the four pairwise / subgroup tasks, each with AUCs and DeLong CIs, and no three-class distribution', async () => {
    const artifact = await trained;
    expect(Object.keys(artifact.tasks)).toEqual([
      'low-vs-zero',
      'low-vs-over',
      'low-vs-zero-mass',
      'low-vs-zero-nme',
    ]);
    for (const task of Object.values(artifact.tasks)) {
      const m = task.models.lr.metrics.validation!;
      expect(m.auc).toBeGreaterThanOrEqual(0);
      expect(m.ci95[0]).toBeLessThanOrEqual(m.auc);
      expect(m.ci95[1]).toBeGreaterThanOrEqual(m.auc);
      expect(task.selection.kind).toBe('univariate');
      expect(task.selection.details).toMatchObject({ test: 'mann-whitney', pThreshold: 0.1 });
      for (const score of Object.values(task.selection.scores)) expect(score).toBeLessThan(0.1);
    }
    expect(artifact.coupling.method).toBe('none');
    const [prediction] = loadModel(artifact).predict([
      {
        id: 'p',
        features: Object.fromEntries([
          ...artifact.input.features.map((f) => [
            f,
            sources.cohort.features[sources.cohort.featureNames.indexOf(f)][0],
          ]),
          ...Object.keys(artifact.input.categorical).map((c) => [
            c,
            sources.cohort.categorical[sources.cohort.categoricalNames.indexOf(c)][0],
          ]),
        ]),
        clinical: { er: sources.cohort.clinical.er![0], pr: sources.cohort.clinical.pr![0] },
      },
    ]);
    expect(prediction.distribution).toBeNull();
    expect(prediction.tasks['low-vs-zero'].probability).toEqual(expect.any(Number));
  });

  it('reports the pairwise AUCs with CIs and the odds-ratio table, marked synthetic', async () => {
    const artifact = await trained;
    const html = renderHtmlReport(artifact);
    expect(html).toContain('Trained on the SYNTHETIC demo cohort');
    expect(html).toContain('HER2 expression status from MRI, DWI features');
    expect(html).toMatch(/HER2-low vs HER2-zero — best: LR/);
    expect(html).toMatch(/HER2-low vs HER2-zero \(mri_lesion_type ∈ \{mass\}\)/);
    const section = html.slice(html.indexOf('id="odds-ratios"'));
    expect(section).toContain('Logistic regression: odds ratios');
    const lowVsZero = artifact.tasks['low-vs-zero'].models.lr.oddsRatios!;
    expect(lowVsZero.map((r) => r.input)).toEqual(artifact.tasks['low-vs-zero'].inputs);
    for (const r of lowVsZero) {
      expect(r.ci95[0]).toBeLessThan(r.oddsRatio);
      expect(r.ci95[1]).toBeGreaterThan(r.oddsRatio);
    }
    // A one-hot level reads against its reference level, ER as positive vs negative.
    expect(section).toMatch(/<code>mri_[a-z_0-9]+: [a-z_]+ vs [a-z_]+<\/code>/);
    expect(section).toContain('er (positive vs negative)');
  });
});
