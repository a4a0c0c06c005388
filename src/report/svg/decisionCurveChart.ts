/**
 * Decision curve (Vickers & Elkin 2006) as inline SVG: net benefit against threshold probability
 * for the model, treat-all and treat-none. The y axis runs from a little below 0 to the largest net
 * benefit (at least the prevalence), because treat-all falls without bound as pt → 1 and would
 * otherwise squash the region where the model is useful; values beyond the axis are clipped.
 */
import type { NetBenefitPoint } from '../../evaluation/decisionCurve.js';
import { escapeHtml } from '../escape.js';
import { formatFixed, isFiniteNumber } from '../format.js';
import { strokeAttributes, type SeriesStyle } from './seriesStyle.js';
import { renderSvgDocument } from './svgDocument.js';
import { INK, INK_SOFT, TICKS, createPlotFrame, plotX, type PlotFrame } from './unitSquarePlot.js';

export interface DecisionCurveChartInput {
  id: string;
  title: string;
  /** Label of the model's curve in the legend (e.g. "RF"). */
  modelLabel: string;
  points: readonly NetBenefitPoint[];
  style: SeriesStyle;
  synthetic?: boolean;
}

const TREAT_ALL: SeriesStyle = { colour: '#595959', dash: '6 3' };
const TREAT_NONE: SeriesStyle = { colour: '#1a1a1a', dash: '' };
const LEGEND_ROW = 16;

/** [lower, upper] of the net-benefit axis, in steps of 0.05. */
export function netBenefitRange(points: readonly NetBenefitPoint[]): [number, number] {
  const highest = Math.max(0.05, ...points.flatMap((p) => [p.model, p.treatAll]).filter(isFiniteNumber));
  const upper = Math.ceil(highest / 0.05 - 1e-9) * 0.05;
  return [-Math.max(0.05, Math.ceil(upper / 4 / 0.05 - 1e-9) * 0.05), upper];
}

function yOf(frame: PlotFrame, range: [number, number], v: number): string {
  const clipped = Math.min(range[1], Math.max(range[0], v));
  return (frame.top + ((range[1] - clipped) / (range[1] - range[0])) * frame.side).toFixed(1);
}

function curvePath(
  frame: PlotFrame,
  range: [number, number],
  points: readonly NetBenefitPoint[],
  value: (p: NetBenefitPoint) => number,
): string {
  return points
    .filter((p) => isFiniteNumber(value(p)))
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${plotX(frame, p.threshold)},${yOf(frame, range, value(p))}`)
    .join(' ');
}

function axes(frame: PlotFrame, range: [number, number]): string {
  const { left, top, side } = frame;
  const bottom = top + side;
  const parts: string[] = [];
  for (const t of TICKS) {
    const x = plotX(frame, t);
    parts.push(
      `<line class="tick" stroke="${INK_SOFT}" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}"/>`,
      `<text class="tick-label" font-size="10" fill="${INK_SOFT}" x="${x}" y="${bottom + 17}" text-anchor="middle">${t.toFixed(1)}</text>`,
    );
  }
  const step = range[1] - range[0] > 0.5 ? 0.1 : 0.05;
  for (let v = Math.ceil(range[0] / step - 1e-9) * step; v <= range[1] + 1e-9; v += step) {
    const y = yOf(frame, range, v);
    parts.push(
      `<line class="grid" stroke="#e4e4e4" x1="${left}" y1="${y}" x2="${left + side}" y2="${y}"/>`,
      `<text class="tick-label" font-size="10" fill="${INK_SOFT}" x="${left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatFixed(v, 2)}</text>`,
    );
  }
  parts.push(
    `<rect class="plot-border" stroke="${INK_SOFT}" x="${left}" y="${top}" width="${side}" height="${side}" fill="none"/>`,
    `<text class="axis-title" font-size="11" fill="${INK}" x="${left + side / 2}" y="${bottom + 34}" text-anchor="middle">Threshold probability</text>`,
    `<text class="axis-title" font-size="11" fill="${INK}" x="12" y="${top + side / 2}" text-anchor="middle" transform="rotate(-90 12 ${top + side / 2})">Net benefit</text>`,
  );
  return `<g class="axes">${parts.join('')}</g>`;
}

export function renderDecisionCurveChart(input: DecisionCurveChartInput): string {
  const frame = createPlotFrame(undefined, 3 * LEGEND_ROW + 6);
  const range = netBenefitRange(input.points);
  const series: [string, SeriesStyle, (p: NetBenefitPoint) => number][] = [
    [input.modelLabel, input.style, (p) => p.model],
    ['Treat all', TREAT_ALL, (p) => p.treatAll],
    ['Treat none', TREAT_NONE, (p) => p.treatNone],
  ];
  const legendTop = frame.top + frame.side + 50;
  const drawn = input.points.length > 0;
  const body = series.map(([label, style, value], i) => {
    const y = legendTop + i * LEGEND_ROW;
    const path = drawn
      ? `<path class="series" d="${curvePath(frame, range, input.points, value)}" fill="none" stroke-width="${i === 0 ? 2 : 1.5}" ${strokeAttributes(style)}><title>${escapeHtml(label)}</title></path>`
      : '';
    return (
      path +
      `<line x1="16" y1="${y}" x2="46" y2="${y}" stroke-width="2.5" ${strokeAttributes(style)}/>` +
      `<text class="legend-label" font-size="10.5" fill="${INK}" x="54" y="${y}" dominant-baseline="middle">${escapeHtml(label)}</text>`
    );
  });
  const best = input.points.filter((p) => isFiniteNumber(p.model)).sort((a, b) => b.model - a.model)[0];
  return renderSvgDocument({
    id: input.id,
    width: frame.width,
    height: frame.height,
    synthetic: input.synthetic,
    title: input.title,
    description:
      `Decision curve: net benefit against threshold probability for ${input.modelLabel}, treat all and treat none` +
      (best
        ? `; the model's largest net benefit is ${formatFixed(best.model, 3)} at ${formatFixed(best.threshold, 2)}.`
        : '.'),
    body: axes(frame, range) + body.join(''),
  });
}
