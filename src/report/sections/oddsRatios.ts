/**
 * Logistic regression's odds ratios per task, with 95% Wald CIs (Shen et al. report their
 * multivariate model this way): per training SD for a continuous input, and for a 0/1 input (ER, PR,
 * a categorical level) the level against its reference.
 */
import type { OddsRatio } from '../../evaluation/oddsRatios.js';
import { parseDummyName } from '../../inputs/categoricalEncoding.js';
import type { ModelArtifact } from '../../model/artifact.js';
import { presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { formatFixed, formatPValue } from '../format.js';

/** "mri_margin=oval" reads "mri_margin: oval vs irregular" (its reference level). */
function inputLabel(artifact: ModelArtifact, ratio: OddsRatio): string {
  const encodings = artifact.input.categorical ?? {};
  const dummy = parseDummyName(ratio.input, encodings);
  if (dummy) {
    const levels = encodings[dummy.column].levels;
    return `${dummy.column}: ${levels[dummy.levelIndex]} vs ${levels[0]}`;
  }
  return ratio.per === 'unit' ? `${ratio.input} (positive vs negative)` : `${ratio.input} (per SD)`;
}

export function renderOddsRatios(artifact: ModelArtifact): string {
  const tables = presentTasks(artifact).flatMap((name) => {
    const ratios = taskOf(artifact, name)?.models?.lr?.oddsRatios;
    if (!ratios || ratios.length === 0) return [];
    const headingId = `odds-ratios-${name}`;
    const rows = ratios.map(
      (r) =>
        `<tr><th scope="row"><code>${escapeHtml(inputLabel(artifact, r))}</code></th>` +
        `<td>${escapeHtml(formatFixed(r.oddsRatio, 2))}</td>` +
        `<td>${escapeHtml(`${formatFixed(r.ci95[0], 2)}–${formatFixed(r.ci95[1], 2)}`)}</td>` +
        `<td>${escapeHtml(formatPValue(r.pValue))}</td></tr>`,
    );
    return [
      `<h3 id="${headingId}">${escapeHtml(taskTitle(artifact, name))}</h3>` +
        `<div class="table-wrap"><table class="odds-ratios" aria-labelledby="${headingId}">` +
        `<thead><tr><th scope="col">Input</th><th scope="col">Odds ratio</th><th scope="col">95% CI</th>` +
        `<th scope="col">Wald p</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
    ];
  });
  if (tables.length === 0) return '';
  return (
    `<section id="odds-ratios" aria-labelledby="odds-ratios-heading">` +
    `<h2 id="odds-ratios-heading">Logistic regression: odds ratios</h2>` +
    `<p>Odds ratios of the L2-penalised logistic regression fitted on the training rows, with 95% Wald ` +
    `intervals from its penalised Hessian (the penalty shrinks both towards 1). Continuous inputs per ` +
    `training SD; a 0/1 input as positive (or the level) against negative (or the reference level).</p>` +
    tables.join('') +
    `</section>`
  );
}
