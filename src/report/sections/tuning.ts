/**
 * Hyperparameter tuning per task and classifier: the chosen grid point and its mean stratified
 * 5-fold CV AUC on training rows, with the full grid available in a collapsible block.
 */
import type { Hyperparameters } from '../../classifiers/classifier.js';
import type { ClassifierResult, ModelArtifact } from '../../model/artifact.js';
import { modelOf, presentClassifiers, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatAuc } from '../format.js';
import { classifierLabel } from '../labels.js';

/** "C = 1, kernel = rbf", keys sorted so equal settings read the same everywhere. */
export function formatHyperparameters(h: Hyperparameters | null | undefined): string {
  const entries = Object.entries(h ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '(defaults)' : entries.map(([k, v]) => `${k} = ${String(v)}`).join(', ');
}

function gridDetails(model: ClassifierResult): string {
  const grid = [...(model.tuning ?? [])].sort((a, b) => (b.cvAuc ?? -Infinity) - (a.cvAuc ?? -Infinity));
  if (grid.length === 0) return '–';
  const rows = grid
    .map(
      (g) =>
        `<tr><td>${escapeHtml(formatHyperparameters(g.hyperparameters))}</td><td>${escapeHtml(formatAuc(g.cvAuc))}</td></tr>`,
    )
    .join('');
  return (
    `<details><summary>${grid.length} grid points</summary>` +
    `<table class="grid"><thead><tr><th scope="col">Hyperparameters</th><th scope="col">CV AUC</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></details>`
  );
}

export function renderTuning(artifact: ModelArtifact): string {
  const rows = presentTasks(artifact).flatMap((name) => {
    const task = taskOf(artifact, name)!;
    return presentClassifiers(task).map((kind) => {
      const model = modelOf(task, kind)!;
      const best = kind === task.best;
      return (
        `<tr${best ? ' class="best"' : ''}><th scope="row">${escapeHtml(taskTitle(artifact, name))}</th>` +
        `<td>${escapeHtml(classifierLabel(kind))}${best ? ' <strong>(best)</strong>' : ''}</td>` +
        `<td>${escapeHtml(formatHyperparameters(model.hyperparameters))}</td>` +
        `<td>${escapeHtml(formatAuc(model.cvAuc))}</td>` +
        `<td>${gridDetails(model)}</td></tr>`
      );
    });
  });
  return (
    `<section id="tuning" aria-labelledby="tuning-heading">` +
    `<h2 id="tuning-heading">Hyperparameter tuning</h2>` +
    `<div class="table-wrap"><table class="tuning">` +
    `<caption>Chosen hyperparameters and their mean stratified 5-fold cross-validated AUC on the training set.</caption>` +
    `<thead><tr><th scope="col">Task</th><th scope="col">Classifier</th><th scope="col">Chosen hyperparameters</th>` +
    `<th scope="col">CV AUC</th><th scope="col">Grid</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}
