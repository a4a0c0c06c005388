/**
 * The frozen-model evaluation (her2 evaluate, POST /v1/models/:id/evaluations) as one
 * self-contained HTML page. It reuses the model report's parts: the synthetic banner and figure
 * labels, the reliability chart with Wilson CIs, the decision curves, ROC charts, the checklist and
 * the collapsed configuration. A pure function of the evaluation and the artifact.
 */
import type { GroupMetrics } from '../../evaluation/groupMetrics.js';
import type { FrozenEvaluation } from '../../frozenEvaluation/evaluateFrozenModel.js';
import type { ModelArtifact } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, formatCi, formatFixed, formatPValue } from '../format.js';
import { htmlHeadLines } from '../htmlHead.js';
import { classifierLabel } from '../labels.js';
import { renderIntendedUse } from '../sections/banner.js';
import { renderChecklist } from '../sections/checklist.js';
import { decisionCurveFigure } from '../sections/decisionCurves.js';
import { configJson } from '../sections/provenance.js';
import { renderReliabilityChart } from '../svg/reliabilityChart.js';
import { renderRocChart } from '../svg/rocChart.js';
import { classifierStyle, taskStyle } from '../svg/seriesStyle.js';
import type { ClassifierKind } from '../../classifiers/classifier.js';

export const EVALUATION_SYNTHETIC_TEXT =
  'SYNTHETIC model or cohort — these numbers are not clinical evidence';

const CITL_NOTE =
  'Calibration-in-the-large is tested by the Wald test of the calibration intercept (slope fixed at 1): ' +
  'it tests exactly the intercept reported beside it, so its p-value and CI agree, unlike Hosmer–Lemeshow ' +
  '(which depends on an arbitrary grouping and tests overall fit) or Spiegelhalter’s z (which mixes in the ' +
  'spread of the predictions). Sensitivity and specificity are at the model’s stored threshold, never re-optimised here.';

/** All patients, then each site; a single site is the same patients as all, so it is not repeated. */
function groups(task: FrozenEvaluation['tasks'][string]): [string, GroupMetrics][] {
  const sites = Object.entries(task.sites);
  if (sites.length === 1) return [[`All patients (site ${sites[0][0]})`, task.overall]];
  return [['All patients', task.overall], ...sites.map(([s, m]): [string, GroupMetrics] => [`Site ${s}`, m])];
}

function valueCi(value: number, ci: readonly number[]): string {
  const interval = formatCi(ci);
  return interval === '–' ? formatAuc(value) : `${formatAuc(value)} (${interval})`;
}

function metricsRow(label: string, m: GroupMetrics): string {
  const c = m.calibration;
  const cells = [
    `${m.n} (${m.nPositive})`,
    valueCi(m.auc, m.aucCi95),
    valueCi(m.sensitivity.value, m.sensitivity.ci95),
    valueCi(m.specificity.value, m.specificity.ci95),
    `${formatFixed(c.intercept.estimate, 2)} (${formatFixed(c.intercept.ci95[0], 2)} to ${formatFixed(c.intercept.ci95[1], 2)})`,
    formatPValue(c.inTheLargeTest.pValue),
    `${formatFixed(c.slope.estimate, 2)} (${formatFixed(c.slope.ci95[0], 2)} to ${formatFixed(c.slope.ci95[1], 2)})`,
    formatAuc(m.ece),
    formatAuc(m.brier),
  ];
  return `<tr><th scope="row">${escapeHtml(label)}</th>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`;
}

function metricsTable(evaluation: FrozenEvaluation): string {
  const head = [
    'Group',
    'n (positive)',
    'AUC (DeLong 95% CI)',
    'Sensitivity (Wilson 95% CI)',
    'Specificity (Wilson 95% CI)',
    'Calibration intercept (95% CI)',
    'p, calibration-in-the-large',
    'Calibration slope (95% CI)',
    'ECE',
    'Brier',
  ];
  const bodies = Object.entries(evaluation.tasks).map(
    ([, task]) =>
      `<tbody><tr class="task-row"><th scope="rowgroup" colspan="${head.length}">${escapeHtml(
        `${task.description} — ${classifierLabel(task.classifier as ClassifierKind)}, threshold ${formatAuc(task.threshold)}; ` +
          `${task.rows.included} patients included, ${task.rows.excluded} not part of the task`,
      )}</th></tr>` +
      groups(task)
        .map(([label, m]) => metricsRow(label, m))
        .join('') +
      `</tbody>`,
  );
  return (
    `<section id="metrics" aria-labelledby="metrics-heading"><h2 id="metrics-heading">Performance on the new cohort</h2>` +
    `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `${bodies.join('')}</table></div><p>${escapeHtml(CITL_NOTE)}</p></section>`
  );
}

function figures(evaluation: FrozenEvaluation): string {
  const synthetic = evaluation.synthetic;
  const parts = Object.entries(evaluation.tasks).map(([name, task], t) => {
    const kind = task.classifier as ClassifierKind;
    const style = classifierStyle(kind);
    const all = groups(task);
    const reliability = all.map(([label, m], g) =>
      renderReliabilityChart({
        id: `eval-reliability-${name}-${g}`,
        title: label,
        bins: m.reliability,
        style,
        ece: m.ece,
        synthetic,
      }),
    );
    const roc = renderRocChart({
      id: `eval-roc-${name}`,
      title: 'ROC curves',
      synthetic,
      curves: all.map(([label, m], g) => ({
        label,
        auc: m.auc,
        points: m.roc,
        style: g === 0 ? style : taskStyle(`site-${g}`, t + g),
      })),
    });
    const dca = decisionCurveFigure(
      `Decision curves — ${task.description}`,
      classifierLabel(kind),
      style,
      all.map(([label, m], g) => ({ id: `eval-dca-${name}-${g}`, title: label, points: m.decisionCurve })),
      synthetic,
    );
    return (
      `<h3>${escapeHtml(task.description)} — ${escapeHtml(classifierLabel(kind))}</h3>` +
      `<figure class="chart-row"><div class="charts">${roc}${reliability.join('')}</div>` +
      `<figcaption>${escapeHtml(
        'ROC curves per group, and reliability of the frozen probabilities: mean predicted probability against ' +
          'observed rate per bin with its Wilson 95% CI; hollow points with dashed intervals mark bins of fewer than 10 patients.',
      )}</figcaption></figure>` +
      dca
    );
  });
  return `<section id="figures" aria-labelledby="figures-heading"><h2 id="figures-heading">Figures</h2>${parts.join('')}</section>`;
}

export function renderEvaluationReport(evaluation: FrozenEvaluation, artifact: ModelArtifact): string {
  const c = evaluation.cohort;
  return [
    ...htmlHeadLines(
      `Frozen-model evaluation ${evaluation.model.id.slice(0, 12)}${evaluation.synthetic ? ' (synthetic)' : ''}`,
    ),
    '<body>',
    evaluation.synthetic
      ? `<div class="banner-synthetic" role="alert"><strong>${escapeHtml(EVALUATION_SYNTHETIC_TEXT)}</strong></div>`
      : '',
    '<header>',
    '<h1>Frozen-model evaluation on a new cohort</h1>',
    `<p class="subtitle">Model <code>${escapeHtml(evaluation.model.id)}</code> (created ${escapeHtml(evaluation.model.createdAt)}) ` +
      `on <code>${escapeHtml(c.source)}</code>${c.sha256 ? ` (sha256 <code>${escapeHtml(c.sha256)}</code>)` : ''}: ` +
      `${c.n} patients, sites ${escapeHtml(c.sites.map((s) => `${s.name} (${s.n})`).join(', '))}. Nothing was refitted.</p>`,
    '</header>',
    renderIntendedUse(artifact),
    '<main>',
    metricsTable(evaluation),
    figures(evaluation),
    evaluation.outOfDistribution.length > 0
      ? `<section id="ood"><h2>Out-of-distribution patients</h2><p>Evaluated although an input lies beyond the model's bound: ${escapeHtml(evaluation.outOfDistribution.join(', '))}</p></section>`
      : '',
    renderChecklist(artifact),
    `<section id="configuration" aria-labelledby="configuration-heading"><h2 id="configuration-heading">Model configuration</h2>` +
      `<details class="config"><summary>Training configuration</summary><pre>${escapeHtml(configJson(artifact.provenance?.config))}</pre></details></section>`,
    '</main>',
    `<footer>Frozen-model evaluation of model <code>${escapeHtml(evaluation.model.id)}</code>.${
      evaluation.synthetic ? ' Synthetic data: not clinical evidence.' : ''
    }</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
