/**
 * Paired DeLong tests of each task's best classifier against the others on internal validation,
 * as the paper reports them in its Results text.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, formatFixed, formatPValue } from '../format.js';
import { classifierLabel, setLabel } from '../labels.js';

/** Signed AUC difference with an explicit plus, so the direction is visible at a glance. */
function signed(x: number | null | undefined): string {
  const text = formatAuc(x);
  return typeof x === 'number' && x > 0 && text !== '0.000' ? `+${text}` : text;
}

export function renderComparisons(artifact: ModelArtifact): string {
  const rows = presentTasks(artifact).flatMap((name) => {
    const task = taskOf(artifact, name)!;
    const comparisons = task.comparisons ?? [];
    if (comparisons.length === 0) {
      return [
        `<tr><th scope="row">${escapeHtml(taskTitle(artifact, name))}</th><td colspan="5">No comparisons recorded.</td></tr>`,
      ];
    }
    return comparisons.map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(taskTitle(artifact, name))}</th>` +
        `<td>${escapeHtml(`${classifierLabel(task.best)} vs. ${classifierLabel(c.against)}`)}</td>` +
        `<td>${escapeHtml(setLabel(c.set))}</td>` +
        `<td>${escapeHtml(signed(c.aucDifference))}</td>` +
        `<td>${escapeHtml(formatFixed(c.z, 2))}</td>` +
        `<td>${escapeHtml(formatPValue(c.pValue))}</td></tr>`,
    );
  });
  return (
    `<section id="delong" aria-labelledby="delong-heading">` +
    `<h2 id="delong-heading">DeLong comparisons of the best model</h2>` +
    `<div class="table-wrap"><table class="comparisons">` +
    `<caption>Paired DeLong test: AUC of the best classifier minus the other's, z statistic and two-sided p-value.</caption>` +
    `<thead><tr><th scope="col">Task</th><th scope="col">Comparison</th><th scope="col">Set</th>` +
    `<th scope="col">ΔAUC</th><th scope="col">z</th><th scope="col">p</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}
