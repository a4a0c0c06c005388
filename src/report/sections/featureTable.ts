/**
 * Selected features per task (the paper's Table 3): the selected imaging inputs in the selector's
 * order with their training score (p-value for the univariate selectors), then the clinical inputs,
 * and the selector's own one-line summary of its funnel.
 */
import type { ModelArtifact, TaskArtifact, TaskName } from '../../model/artifact.js';
import { presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatFixed, formatPValue } from '../format.js';
import { SELECTOR_SPECS } from '../../featureSelection/index.js';

export function selectionSummary(task: TaskArtifact): string {
  const s = task.selection;
  if (!s) return 'Selection details not recorded.';
  const spec = Object.hasOwn(SELECTOR_SPECS, s.kind) ? SELECTOR_SPECS[s.kind] : undefined;
  if (!spec) return `Selector "${String(s.kind)}" (not known to this version).`;
  return spec.summarize({ candidates: s.candidates, passedFilter: s.passedFilter, details: s.details ?? {} });
}

function inputKind(artifact: ModelArtifact, name: string): string {
  return Object.hasOwn(artifact.input.categorical ?? {}, name) ? 'Categorical' : 'Radiomic';
}

function renderTaskFeatures(artifact: ModelArtifact, name: TaskName, task: TaskArtifact): string {
  const imaging = task.selectedFeatures ?? [];
  const clinical = task.clinicalFeatures ?? [];
  const scores = task.selection?.scores ?? {};
  const spec =
    task.selection && Object.hasOwn(SELECTOR_SPECS, task.selection.kind)
      ? SELECTOR_SPECS[task.selection.kind]
      : undefined;
  const projected = task.projection?.outputs;
  const rows = projected
    ? [
        ...projected.map(
          (pc, i) =>
            `<tr><td>${i + 1}</td><th scope="row"><code>${escapeHtml(pc)}</code></th><td>Principal component</td>` +
            `<td>${escapeHtml(formatFixed(Object.hasOwn(scores, pc) ? scores[pc] : undefined, 3))}</td></tr>`,
        ),
        ...clinical.map(
          (f, i) =>
            `<tr class="clinical"><td>${projected.length + i + 1}</td><th scope="row"><code>${escapeHtml(f)}</code></th>` +
            `<td>Clinical</td><td>–</td></tr>`,
        ),
      ]
    : [
        ...imaging.map(
          (f, i) =>
            `<tr><td>${i + 1}</td><th scope="row"><code>${escapeHtml(f)}</code></th><td>${inputKind(artifact, f)}</td>` +
            `<td>${escapeHtml(formatPValue(Object.hasOwn(scores, f) ? scores[f] : undefined))}</td></tr>`,
        ),
        ...clinical.map(
          (f, i) =>
            `<tr class="clinical"><td>${imaging.length + i + 1}</td><th scope="row"><code>${escapeHtml(f)}</code></th>` +
            `<td>Clinical</td><td>–</td></tr>`,
        ),
      ];
  const projection = task.projection
    ? `<p class="selection-summary">The model reads ${task.projection.outputs.length} principal components ` +
      `(${escapeHtml(task.projection.outputs.join(', '))}) of ${task.projection.inputs.length} z-scored reliable features; ` +
      `the table gives each component's share of their variance.</p>`
    : '';
  const headingId = `features-${name}`;
  return (
    `<h3 id="${headingId}">${escapeHtml(taskTitle(artifact, name))}</h3>` +
    `<p class="selection-summary">${escapeHtml(selectionSummary(task))}</p>` +
    projection +
    `<table class="features" aria-labelledby="${headingId}">` +
    `<thead><tr><th scope="col">#</th><th scope="col">Feature</th><th scope="col">Kind</th>` +
    `<th scope="col">${escapeHtml(spec?.scoreLabel ?? 'Score')}</th></tr></thead>` +
    `<tbody>${rows.length > 0 ? rows.join('') : '<tr><td colspan="4">No features selected.</td></tr>'}</tbody></table>`
  );
}

export function renderFeatureTables(artifact: ModelArtifact): string {
  const tasks = presentTasks(artifact).map((t) => renderTaskFeatures(artifact, t, taskOf(artifact, t)!));
  return (
    `<section id="features" aria-labelledby="features-heading">` +
    `<h2 id="features-heading">Selected features (cf. paper Table 3)</h2>` +
    tasks.join('') +
    `</section>`
  );
}
