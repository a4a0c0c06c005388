/** The frozen-model evaluation as plain text lines for a terminal (one line per task and group). */
import type { GroupMetrics } from '../evaluation/groupMetrics.js';
import type { FrozenEvaluation } from './evaluateFrozenModel.js';

function fixed(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

function withCi(value: number, ci: readonly number[]): string {
  return Number.isFinite(ci[0]) ? `${fixed(value)} (${fixed(ci[0])}–${fixed(ci[1])})` : fixed(value);
}

function pValue(p: number): string {
  return Number.isFinite(p) ? (p < 0.001 ? '< 0.001' : p.toFixed(3)) : '–';
}

function groupLine(label: string, m: GroupMetrics, width: number): string {
  return (
    `  ${label.padEnd(width)}  n ${String(m.n).padStart(4)} (${m.nPositive} positive)` +
    `  AUC ${withCi(m.auc, m.aucCi95)}` +
    `  sens ${withCi(m.sensitivity.value, m.sensitivity.ci95)}` +
    `  spec ${withCi(m.specificity.value, m.specificity.ci95)}` +
    `  intercept ${fixed(m.calibration.intercept.estimate)} (p ${pValue(m.calibration.inTheLargeTest.pValue)})` +
    `  slope ${fixed(m.calibration.slope.estimate)}  ECE ${fixed(m.ece)}`
  );
}

export function evaluationSummaryLines(evaluation: FrozenEvaluation): string[] {
  const lines: string[] = [];
  if (evaluation.synthetic)
    lines.push('SYNTHETIC: the model or the cohort is synthetic; not clinical evidence');
  lines.push(
    `model ${evaluation.model.id.slice(0, 12)} on ${evaluation.cohort.source}: ${evaluation.cohort.n} patients, ` +
      `${evaluation.cohort.sites.length} site(s)`,
  );
  for (const [name, task] of Object.entries(evaluation.tasks)) {
    lines.push(
      `task ${name} (${task.description}), ${task.classifier}, threshold ${fixed(task.threshold)}, ` +
        `${task.rows.excluded} row(s) not part of the task`,
    );
    const labels = ['overall', ...Object.keys(task.sites)];
    const width = Math.max(...labels.map((l) => l.length));
    lines.push(groupLine('overall', task.overall, width));
    for (const [site, metrics] of Object.entries(task.sites)) lines.push(groupLine(site, metrics, width));
  }
  if (evaluation.outOfDistribution.length > 0)
    lines.push(`out of distribution (evaluated as allowed): ${evaluation.outOfDistribution.join(', ')}`);
  return lines;
}
