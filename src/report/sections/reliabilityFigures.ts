/**
 * Reliability (calibration) plots of each task's best classifier, one chart per set: the paper
 * reports discrimination only, but a service that returns probabilities must show they are calibrated.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { metricsOf, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { classifierLabel, REPORT_SETS, setLabel } from '../labels.js';
import { renderReliabilityChart } from '../svg/reliabilityChart.js';
import { classifierStyle } from '../svg/seriesStyle.js';

export function renderReliabilityFigures(artifact: ModelArtifact): string {
  const perTask = presentTasks(artifact).map((name) => {
    const task = taskOf(artifact, name)!;
    const best = task.best;
    const sets = REPORT_SETS.filter((s) => metricsOf(task, best, s) !== undefined);
    const charts = sets.map((s) => {
      const m = metricsOf(task, best, s)!;
      return renderReliabilityChart({
        id: `reliability-${name}-${s}`,
        title: `${setLabel(s)}`,
        bins: m.reliability,
        style: classifierStyle(best),
        ece: m.ece,
        synthetic: artifact.synthetic === true,
      });
    });
    return (
      `<h3>${escapeHtml(taskTitle(artifact, name))} — ${escapeHtml(classifierLabel(best))}</h3>` +
      `<figure class="chart-row"><div class="charts">${charts.join('')}</div>` +
      `<figcaption>${escapeHtml(
        `Reliability of the calibrated ${classifierLabel(best)} probabilities for ${taskTitle(artifact, name)}: ` +
          'mean predicted probability against observed positive rate per bin with its Wilson 95% CI; point area and label give the bin count, ' +
          'hollow points with dashed intervals mark bins of fewer than 10 patients; ' +
          'the diagonal is perfect calibration.',
      )}</figcaption></figure>`
    );
  });
  return (
    `<section id="calibration" aria-labelledby="calibration-heading">` +
    `<h2 id="calibration-heading">Calibration of the best models</h2>` +
    perTask.join('') +
    `</section>`
  );
}
