/**
 * The AUC table in the paper's Table 4 layout: rows grouped by task then set, one column per
 * classifier, each cell "AUC (DeLong 95% CI)". The task's best classifier is marked by text and
 * weight, not colour alone.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { artifactClassifiers, metricsOf, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAucWithCi } from '../format.js';
import { classifierLabel, REPORT_SETS, setLabel } from '../labels.js';

export function renderAucTable(artifact: ModelArtifact): string {
  const columns = artifactClassifiers(artifact);
  const header = columns.map((k) => `<th scope="col">${escapeHtml(classifierLabel(k))}</th>`).join('');
  const groups = presentTasks(artifact).map((name) => {
    const task = taskOf(artifact, name)!;
    const best = task.best;
    const sets = REPORT_SETS.filter((s) => columns.some((k) => metricsOf(task, k, s) !== undefined));
    const rows = sets.map((s) => {
      const cells = columns
        .map((k) => {
          const m = metricsOf(task, k, s);
          const text = escapeHtml(formatAucWithCi(m?.auc, m?.ci95));
          return k === best ? `<td class="best"><strong>${text}</strong></td>` : `<td>${text}</td>`;
        })
        .join('');
      return `<tr><th scope="row" class="set-name">${escapeHtml(setLabel(s))}</th>${cells}</tr>`;
    });
    return (
      `<tbody><tr class="task-row"><th scope="rowgroup" colspan="${columns.length + 1}">` +
      `${escapeHtml(taskTitle(artifact, name))} — best: ${escapeHtml(best ? classifierLabel(best) : '–')}</th></tr>` +
      rows.join('') +
      `</tbody>`
    );
  });
  return (
    `<section id="auc" aria-labelledby="auc-heading">` +
    `<h2 id="auc-heading">Discrimination: AUC with DeLong 95% CI (cf. paper Table 4)</h2>` +
    `<div class="table-wrap"><table class="auc">` +
    `<caption>AUC (95% CI) of all classifiers per task and set. The artifact's best classifier per task ` +
    `is named in the task row and shown in bold on a shaded background.</caption>` +
    `<thead><tr><th scope="col">Task / set</th>${header}</tr></thead>` +
    groups.join('') +
    `</table></div></section>`
  );
}
