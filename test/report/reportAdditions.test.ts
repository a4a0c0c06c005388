// The report's figures labelled synthetic, Wilson CIs and few-patient marks on reliability bins,
// decision curves, the checklist, and the configuration collapsed by default.
import { describe, expect, it } from 'vitest';
import { decisionCurveFromRoc } from '../../src/evaluation/decisionCurve.js';
import { wilsonInterval } from '../../src/evaluation/wilsonInterval.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { checklistItems } from '../../src/report/sections/checklist.js';
import { netBenefitRange, renderDecisionCurveChart } from '../../src/report/svg/decisionCurveChart.js';
import { renderReliabilityChart } from '../../src/report/svg/reliabilityChart.js';
import { CLASSIFIER_STYLES } from '../../src/report/svg/seriesStyle.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';
import { svgFragments } from './markupChecks.js';

describe('synthetic labels on figures', () => {
  it('every figure of a synthetic model says so, none of a real one does', () => {
    const synthetic = svgFragments(renderHtmlReport(buildFixtureArtifact({ synthetic: true })));
    expect(synthetic.length).toBeGreaterThan(0);
    for (const svg of synthetic) expect(svg).toContain('>SYNTHETIC DATA</text>');
    const real = renderHtmlReport(buildFixtureArtifact({ synthetic: false }));
    expect(real).not.toContain('SYNTHETIC DATA');
  });
});

describe('reliability chart', () => {
  const bins = [
    { lower: 0, upper: 0.1, count: 40, meanPredicted: 0.05, observedRate: 0.1 },
    { lower: 0.5, upper: 0.6, count: 4, meanPredicted: 0.55, observedRate: 0.75 },
  ];
  const svg = renderReliabilityChart({ id: 'r', title: 't', bins, style: CLASSIFIER_STYLES.lr });

  it('draws the Wilson 95% CI of each bin and marks bins of fewer than 10 patients', () => {
    expect(svg.match(/<path class="bin-ci"/g)).toHaveLength(2);
    expect(svg.match(/<g class="bin few-patients">/g)).toHaveLength(1);
    const [lo, hi] = wilsonInterval(3, 4);
    expect(svg).toContain(
      `n = 4 (few patients), mean predicted 0.550, observed 0.750 (95% CI ${lo.toFixed(3)}–${hi.toFixed(3)})`,
    );
    // The CI bar of the 40-patient bin spans its Wilson interval on the plot's y axis (top 30, side 320).
    const [lo40, hi40] = wilsonInterval(4, 40);
    const bar = /<path class="bin-ci" d="M[\d.]+,([\d.]+) L[\d.]+,([\d.]+)/.exec(svg)!;
    expect(Number(bar[1])).toBeCloseTo(30 + (1 - lo40) * 320, 1);
    expect(Number(bar[2])).toBeCloseTo(30 + (1 - hi40) * 320, 1);
  });
});

describe('decision curves', () => {
  const artifact = buildFixtureArtifact();
  const html = renderHtmlReport(artifact);

  it('one per task and set, from the stored ROC curve', () => {
    const m = artifact.tasks.over.models[artifact.tasks.over.best].metrics.validation!;
    const points = decisionCurveFromRoc(m.roc, m.n, m.nPositive);
    const best = [...points].sort((a, b) => b.model - a.model)[0];
    const svg = svgFragments(html).find((s) => s.includes('id="dca-over-validation-title"'))!;
    expect(svg).toContain(`largest net benefit is ${best.model.toFixed(3)} at ${best.threshold.toFixed(2)}`);
    expect(html).toContain('id="decision-curves"');
  });

  it('clips the axis below at a small negative net benefit, so treat-all does not squash the plot', () => {
    expect(netBenefitRange([{ threshold: 0.5, model: 0.18, treatAll: -3, treatNone: 0 }])).toEqual([
      -0.05, 0.2,
    ]);
    const svg = renderDecisionCurveChart({
      id: 'd',
      title: 't',
      modelLabel: 'LR',
      style: CLASSIFIER_STYLES.lr,
      points: [{ threshold: 0.5, model: 0.18, treatAll: -3, treatNone: 0 }],
    });
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('checklist and configuration', () => {
  const artifact = buildFixtureArtifact();
  const html = renderHtmlReport(artifact);

  it('fills what the artifact knows and leaves the rest to the author', () => {
    const items = checklistItems(artifact);
    const filled = Object.fromEntries(items.map((i) => [i.topic, i.filled]));
    for (const topic of [
      'Data splits',
      'Missing data',
      'Class balance',
      'Feature reduction (incl. segmentation reliability)',
      'Model selection and hyperparameter tuning',
      'Performance metrics with uncertainty',
      'Calibration',
      'Software and versions',
    ])
      expect(filled[topic], topic).toBeTruthy();
    expect(filled['Class balance']).toContain(`HER2-over ${artifact.cohortSummary.training.over!.n}`);
    expect(filled['Ethics approval and consent']).toBeNull();
    expect(html).toContain('Author to complete');
    expect(html).toContain(`${items.filter((i) => i.filled).length} of ${items.length} topics filled`);
  });

  it('collapses the training configuration by default', () => {
    expect(html).toContain('<details class="config"><summary>Training configuration</summary>');
    expect(html).not.toMatch(/<details[^>]* open/);
  });
});
