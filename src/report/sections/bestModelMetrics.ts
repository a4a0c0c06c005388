/**
 * Threshold and calibration metrics of each task's best classifier per set: sensitivity,
 * specificity and accuracy at the Youden threshold fixed on training, then Brier score,
 * calibration intercept/slope and expected calibration error.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { metricsOf, modelOf, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, formatAucWithCi, formatFixed, isFiniteNumber } from '../format.js';
import { classifierLabel, REPORT_SETS, setLabel } from '../labels.js';

const COLUMNS = [
  'Set',
  'n (positive)',
  'AUC (95% CI)',
  'Sensitivity',
  'Specificity',
  'Accuracy',
  'Brier',
  'Calibration intercept',
  'Calibration slope',
  'ECE',
];

export function renderBestModelMetrics(artifact: ModelArtifact): string {
  const header = COLUMNS.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const groups = presentTasks(artifact).map((name) => {
    const task = taskOf(artifact, name)!;
    const best = task.best;
    const threshold = modelOf(task, best)?.threshold;
    const rows = REPORT_SETS.map((s) => ({ s, m: metricsOf(task, best, s) }))
      .filter(({ m }) => m !== undefined)
      .map(({ s, m }) => {
        const n = isFiniteNumber(m!.n) ? String(m!.n) : '–';
        const pos = isFiniteNumber(m!.nPositive) ? String(m!.nPositive) : '–';
        const cells = [
          `${n} (${pos})`,
          formatAucWithCi(m!.auc, m!.ci95),
          formatAuc(m!.sensitivity),
          formatAuc(m!.specificity),
          formatAuc(m!.accuracy),
          formatAuc(m!.brier),
          formatFixed(m!.calibrationIntercept, 2),
          formatFixed(m!.calibrationSlope, 2),
          formatAuc(m!.ece),
        ];
        return `<tr><th scope="row">${escapeHtml(setLabel(s))}</th>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
      });
    return (
      `<tbody><tr class="task-row"><th scope="rowgroup" colspan="${COLUMNS.length}">` +
      `${escapeHtml(taskTitle(artifact, name))} — ${escapeHtml(best ? classifierLabel(best) : '–')}, ` +
      `threshold ${escapeHtml(formatAuc(threshold))}</th></tr>` +
      (rows.length > 0
        ? rows.join('')
        : `<tr><td colspan="${COLUMNS.length}">No metrics recorded.</td></tr>`) +
      `</tbody>`
    );
  });
  return (
    `<section id="best-metrics" aria-labelledby="best-metrics-heading">` +
    `<h2 id="best-metrics-heading">Best model per task: threshold metrics and calibration</h2>` +
    `<div class="table-wrap"><table class="metrics">` +
    `<caption>Sensitivity, specificity and accuracy at the calibrated-probability threshold fixed by Youden's ` +
    `index on the training set. Calibration intercept 0 and slope 1 are ideal; ECE is the expected calibration error.</caption>` +
    `<thead><tr>${header}</tr></thead>${groups.join('')}</table></div></section>`
  );
}
