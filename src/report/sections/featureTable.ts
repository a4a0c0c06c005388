/**
 * Selected features per task (the paper's Table 3): radiomic features in mRMR order with their
 * training Welch p-value, then the clinical inputs, and a one-line summary of the selection funnel.
 */
import type { ModelArtifact, TaskArtifact, TaskName } from '../../model/artifact.js';
import { presentTasks, taskOf } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatFixed, formatPValue, isFiniteNumber } from '../format.js';
import { taskLabel } from '../labels.js';

function count(x: unknown): string {
  return isFiniteNumber(x) ? String(x) : '–';
}

export function selectionSummary(task: TaskArtifact): string {
  const s = task.selection;
  if (!s) return 'Selection details not recorded.';
  return (
    `${count(s.candidates)} candidate radiomic features; ${count(s.passedTTest)} passed the Welch t-test ` +
    `(p < ${formatFixed(s.pThreshold, 3)}); mRMR (${String(s.mrmrCriterion ?? '–')}) kept k = ${count(s.k)}.`
  );
}

function renderTaskFeatures(name: TaskName, task: TaskArtifact): string {
  const radiomic = task.selectedFeatures ?? [];
  const clinical = task.clinicalFeatures ?? [];
  const pValues = task.selection?.pValues ?? {};
  const rows = [
    ...radiomic.map(
      (f, i) =>
        `<tr><td>${i + 1}</td><th scope="row"><code>${escapeHtml(f)}</code></th><td>Radiomic</td>` +
        `<td>${escapeHtml(formatPValue(Object.hasOwn(pValues, f) ? pValues[f] : undefined))}</td></tr>`,
    ),
    ...clinical.map(
      (f, i) =>
        `<tr class="clinical"><td>${radiomic.length + i + 1}</td><th scope="row"><code>${escapeHtml(f)}</code></th>` +
        `<td>Clinical</td><td>–</td></tr>`,
    ),
  ];
  const headingId = `features-${name}`;
  return (
    `<h3 id="${headingId}">${escapeHtml(taskLabel(name))}</h3>` +
    `<p class="selection-summary">${escapeHtml(selectionSummary(task))}</p>` +
    `<table class="features" aria-labelledby="${headingId}">` +
    `<thead><tr><th scope="col">#</th><th scope="col">Feature</th><th scope="col">Kind</th>` +
    `<th scope="col">Training Welch p</th></tr></thead>` +
    `<tbody>${rows.length > 0 ? rows.join('') : '<tr><td colspan="4">No features selected.</td></tr>'}</tbody></table>`
  );
}

export function renderFeatureTables(artifact: ModelArtifact): string {
  const tasks = presentTasks(artifact).map((t) => renderTaskFeatures(t, taskOf(artifact, t)!));
  return (
    `<section id="features" aria-labelledby="features-heading">` +
    `<h2 id="features-heading">Selected features (cf. paper Table 3)</h2>` +
    tasks.join('') +
    `</section>`
  );
}
