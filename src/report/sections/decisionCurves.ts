/**
 * Decision-curve analysis of each task's best classifier per set (Vickers & Elkin 2006): is using
 * the model at a threshold probability better than treating every patient or none? Computed from
 * the stored ROC curve, which holds the true and false positives at every distinct probability.
 */
import { decisionCurveFromRoc, type NetBenefitPoint } from '../../evaluation/decisionCurve.js';
import type { ModelArtifact } from '../../model/artifact.js';
import { metricsOf, presentTasks, taskOf, taskTitle } from '../artifactAccess.js';
import { escapeHtml } from '../escape.js';
import { isFiniteNumber } from '../format.js';
import { classifierLabel, REPORT_SETS, setLabel } from '../labels.js';
import { renderDecisionCurveChart } from '../svg/decisionCurveChart.js';
import { classifierStyle, type SeriesStyle } from '../svg/seriesStyle.js';

export const DECISION_CURVE_CAPTION =
  'Net benefit = TP/n − FP/n · pt/(1 − pt) of treating the patients whose predicted probability is at ' +
  'least the threshold pt, against treating all and treating none (Vickers & Elkin 2006). The model ' +
  'is useful at the thresholds where its curve lies above both.';

export interface DecisionCurvePanel {
  id: string;
  title: string;
  points: NetBenefitPoint[];
}

/** A figure of decision-curve panels for one task and classifier. */
export function decisionCurveFigure(
  heading: string,
  classifier: string,
  style: SeriesStyle,
  panels: readonly DecisionCurvePanel[],
  synthetic: boolean,
): string {
  const charts = panels.map((panel) =>
    renderDecisionCurveChart({ ...panel, modelLabel: classifier, style, synthetic }),
  );
  return (
    `<h3>${escapeHtml(heading)}</h3>` +
    `<figure class="chart-row"><div class="charts">${charts.join('')}</div>` +
    `<figcaption>${escapeHtml(DECISION_CURVE_CAPTION)}</figcaption></figure>`
  );
}

export function renderDecisionCurves(artifact: ModelArtifact): string {
  const perTask = presentTasks(artifact).map((name) => {
    const task = taskOf(artifact, name)!;
    const panels = REPORT_SETS.flatMap((s) => {
      const m = metricsOf(task, task.best, s);
      if (!m || !Array.isArray(m.roc) || !isFiniteNumber(m.n) || m.n <= 0) return [];
      return [
        { id: `dca-${name}-${s}`, title: setLabel(s), points: decisionCurveFromRoc(m.roc, m.n, m.nPositive) },
      ];
    });
    return decisionCurveFigure(
      `${taskTitle(artifact, name)} — ${classifierLabel(task.best)}`,
      classifierLabel(task.best),
      classifierStyle(task.best),
      panels,
      artifact.synthetic === true,
    );
  });
  return (
    `<section id="decision-curves" aria-labelledby="decision-curves-heading">` +
    `<h2 id="decision-curves-heading">Decision-curve analysis</h2>` +
    perTask.join('') +
    `</section>`
  );
}
