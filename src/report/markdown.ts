/**
 * renderMarkdownSummary: a short Markdown digest of the artifact for READMEs and pull requests —
 * id, the synthetic warning, each task's best classifier with validation and external AUC (95% CI),
 * and the selected features. The full detail lives in the HTML report.
 */
import type { ModelArtifact } from '../model/artifact.js';
import { metricsOf, presentTasks, taskOf, taskTitle } from './artifactAccess.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import { formatAucWithCi } from './format.js';
import { classifierLabel } from './labels.js';
import { ICC_FILTER_SKIPPED_TEXT } from './sections/provenance.js';
import { SYNTHETIC_BANNER_TEXT } from './sections/banner.js';

function featureList(names: readonly string[] | undefined): string {
  return names && names.length > 0 ? names.map((n) => markdownCode(n)).join(', ') : '–';
}

export function renderMarkdownSummary(artifact: ModelArtifact): string {
  const tasks = presentTasks(artifact);
  const lines: string[] = [`# HER2 status model ${escapeMarkdown(String(artifact.id ?? ''))}`, ''];
  if (artifact.synthetic === true) {
    lines.push(`> **WARNING: ${escapeMarkdown(SYNTHETIC_BANNER_TEXT)}.**`, '');
  }
  lines.push(`Created ${escapeMarkdown(String(artifact.createdAt ?? '–'))}.`);
  if (typeof artifact.intendedUse === 'string' && artifact.intendedUse.trim()) {
    const intendedUse = artifact.intendedUse.trim();
    // The intended use written by training already says it; say it once.
    const notice = /not a medical device/i.test(intendedUse) ? '' : ' Not a medical device.';
    lines.push(`Intended use: ${escapeMarkdown(intendedUse)}${notice}`);
  }
  if (artifact.provenance?.reliability?.iccFilterSkipped === true) {
    lines.push('', `Reliability: ${escapeMarkdown(ICC_FILTER_SKIPPED_TEXT)}.`);
  }
  lines.push(
    '',
    '| Task | Best classifier | Validation AUC (95% CI) | External AUC (95% CI) |',
    '| --- | --- | --- | --- |',
  );
  for (const name of tasks) {
    const task = taskOf(artifact, name)!;
    const validation = metricsOf(task, task.best, 'validation');
    const external = metricsOf(task, task.best, 'external');
    lines.push(
      `| ${escapeMarkdown(taskTitle(artifact, name))} | ${escapeMarkdown(task.best ? classifierLabel(task.best) : '–')} | ` +
        `${formatAucWithCi(validation?.auc, validation?.ci95)} | ${formatAucWithCi(external?.auc, external?.ci95)} |`,
    );
  }
  lines.push('', '## Selected features', '');
  for (const name of tasks) {
    const task = taskOf(artifact, name)!;
    lines.push(
      `- **${escapeMarkdown(taskTitle(artifact, name))}**: ${featureList(task.selectedFeatures)}; ` +
        `clinical: ${featureList(task.clinicalFeatures)}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
