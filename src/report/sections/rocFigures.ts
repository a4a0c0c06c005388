/**
 * ROC figures: per task one chart per set with all four classifiers (the paper's Figs. 3–5, plus
 * the external set), then one chart of each task's best model on the external set (Fig. 6).
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { metricsOf, presentClassifiers, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { classifierLabel, REPORT_SETS, setLabel } from '../labels.js';
import { renderRocChart } from '../svg/rocChart.js';
import { classifierStyle, taskStyle } from '../svg/seriesStyle.js';

function figure(chartsHtml: string, caption: string): string {
  return `<figure class="chart-row"><div class="charts">${chartsHtml}</div><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function renderRocFigures(artifact: ModelArtifact): string {
  const tasks = presentTasks(artifact);
  const perTask = tasks.map((name) => {
    const task = taskOf(artifact, name)!;
    const kinds = presentClassifiers(task);
    const sets = REPORT_SETS.filter((s) => kinds.some((k) => metricsOf(task, k, s) !== undefined));
    const charts = sets.map((s) =>
      renderRocChart({
        id: `roc-${name}-${s}`,
        title: `${setLabel(s)}`,
        synthetic: artifact.synthetic === true,
        curves: kinds.map((k) => {
          const m = metricsOf(task, k, s);
          return { label: classifierLabel(k), auc: m?.auc, points: m?.roc, style: classifierStyle(k) };
        }),
      }),
    );
    return (
      `<h3>${escapeHtml(taskTitle(artifact, name))}</h3>` +
      figure(
        charts.join(''),
        `ROC curves of the ${kinds.length} classifiers for ${taskTitle(artifact, name)}, per set.`,
      )
    );
  });
  const externalBest = tasks
    .map((name) => ({ name, task: taskOf(artifact, name)! }))
    .filter(({ task }) => metricsOf(task, task.best, 'external') !== undefined);
  const fig6 =
    externalBest.length > 0
      ? `<h3>Best models on the external set</h3>` +
        figure(
          renderRocChart({
            id: 'roc-best-external',
            title: 'External validation set, best models',
            synthetic: artifact.synthetic === true,
            curves: externalBest.map(({ name, task }) => {
              const m = metricsOf(task, task.best, 'external');
              return {
                label: `${taskTitle(artifact, name)} (${classifierLabel(task.best)})`,
                auc: m?.auc,
                points: m?.roc,
                style: taskStyle(name, tasks.indexOf(name)),
              };
            }),
          }),
          'ROC curves of each task’s best model on the external validation set (cf. paper Fig. 6).',
        )
      : '';
  return (
    `<section id="roc" aria-labelledby="roc-heading">` +
    `<h2 id="roc-heading">ROC curves (cf. paper Figs. 3–6)</h2>` +
    perTask.join('') +
    fig6 +
    `</section>`
  );
}
