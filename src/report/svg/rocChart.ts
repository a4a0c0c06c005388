/**
 * ROC curves as inline SVG (the paper's Figs. 3–6): several curves on one unit square, the chance
 * diagonal, and a legend with each curve's AUC. Curves with no finite points are listed in the
 * legend but not drawn.
 */
import type { RocPoint } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, isFiniteNumber, type MaybeNumber } from '../format.js';
import { strokeAttributes, type SeriesStyle } from './seriesStyle.js';
import { renderSvgDocument } from './svgDocument.js';
import { INK, createPlotFrame, pathData, renderAxes, renderDiagonal } from './unitSquarePlot.js';

export interface RocCurveSeries {
  label: string;
  auc: MaybeNumber;
  points: readonly RocPoint[] | null | undefined;
  style: SeriesStyle;
}

export interface RocChartInput {
  id: string;
  title: string;
  curves: readonly RocCurveSeries[];
  synthetic?: boolean;
}

const LEGEND_ROW = 17;

/**
 * The drawable points of a ROC curve: finite ones only, ordered by FPR then TPR (a valid ROC is
 * monotone in both), anchored at (0, 0) and (1, 1) which every ROC curve passes through.
 */
export function rocPolyline(points: readonly RocPoint[] | null | undefined): { x: number; y: number }[] {
  const finite = (points ?? [])
    .filter((p) => p && isFiniteNumber(p.fpr) && isFiniteNumber(p.tpr))
    .map((p) => ({ x: Math.min(1, Math.max(0, p.fpr)), y: Math.min(1, Math.max(0, p.tpr)) }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  if (finite.length === 0) return [];
  const first = finite[0]!;
  const last = finite[finite.length - 1]!;
  if (first.x !== 0 || first.y !== 0) finite.unshift({ x: 0, y: 0 });
  if (last.x !== 1 || last.y !== 1) finite.push({ x: 1, y: 1 });
  return finite;
}

export function renderRocChart(input: RocChartInput): string {
  const frame = createPlotFrame(undefined, LEGEND_ROW * input.curves.length + 6);
  const curves: string[] = [];
  const legend: string[] = [];
  const legendTop = frame.top + frame.side + 50;
  input.curves.forEach((curve, i) => {
    const line = rocPolyline(curve.points);
    const name = `${curve.label}, AUC ${formatAuc(curve.auc)}`;
    if (line.length > 0) {
      curves.push(
        `<path class="series" d="${pathData(frame, line)}" fill="none" stroke-width="2" ${strokeAttributes(curve.style)}><title>${escapeHtml(name)}</title></path>`,
      );
    }
    const y = legendTop + i * LEGEND_ROW;
    const x = 16;
    legend.push(
      `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke-width="2.5" ${strokeAttributes(curve.style)}/>`,
      `<text class="legend-label" font-size="10.5" fill="${INK}" x="${x + 38}" y="${y}" dominant-baseline="middle">${escapeHtml(line.length > 0 ? name : `${name} (no ROC points)`)}</text>`,
    );
  });
  const summary = input.curves.map((c) => `${c.label} AUC ${formatAuc(c.auc)}`).join('; ');
  return renderSvgDocument({
    id: input.id,
    width: frame.width,
    height: frame.height,
    synthetic: input.synthetic,
    title: input.title,
    description: `ROC curves, 1 − specificity on the x axis against sensitivity on the y axis, with the chance diagonal. ${summary}.`,
    body:
      renderAxes(frame, '1 − specificity', 'Sensitivity') +
      renderDiagonal(frame) +
      `<g class="curves">${curves.join('')}</g>` +
      `<g class="legend">${legend.join('')}</g>`,
  });
}
