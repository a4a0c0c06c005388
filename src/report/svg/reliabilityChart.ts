/**
 * Reliability (calibration) plot as inline SVG: mean predicted probability against the observed
 * positive rate per bin, each point's area proportional to its bin count and labelled with it,
 * joined in order of predicted probability, against the perfect-calibration diagonal.
 */
import type { ReliabilityBin } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';
import { formatAuc, formatFixed, isFiniteNumber, type MaybeNumber } from '../format.js';
import { strokeAttributes, type SeriesStyle } from './seriesStyle.js';
import { renderSvgDocument } from './svgDocument.js';
import {
  INK,
  INK_SOFT,
  createPlotFrame,
  pathData,
  plotX,
  plotY,
  renderAxes,
  renderDiagonal,
} from './unitSquarePlot.js';

export interface ReliabilityChartInput {
  id: string;
  title: string;
  bins: readonly ReliabilityBin[] | null | undefined;
  style: SeriesStyle;
  /** Expected calibration error, shown under the plot. */
  ece?: MaybeNumber;
}

const MIN_RADIUS = 2.5;
const MAX_RADIUS = 9;

/** Bins that can be drawn: non-empty, with finite coordinates, ordered by predicted probability. */
export function drawableBins(bins: readonly ReliabilityBin[] | null | undefined): ReliabilityBin[] {
  return (bins ?? [])
    .filter(
      (b) =>
        b &&
        isFiniteNumber(b.count) &&
        b.count > 0 &&
        isFiniteNumber(b.meanPredicted) &&
        isFiniteNumber(b.observedRate),
    )
    .sort((a, b) => a.meanPredicted - b.meanPredicted);
}

export function renderReliabilityChart(input: ReliabilityChartInput): string {
  const frame = createPlotFrame(220, 16);
  const bins = drawableBins(input.bins);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const stroke = strokeAttributes(input.style);
  const points = bins.map((b) => {
    const r = (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(b.count / maxCount)).toFixed(1);
    const cx = plotX(frame, b.meanPredicted);
    const cy = plotY(frame, b.observedRate);
    // Count label above the point, or below it when the point sits at the top edge of the plot.
    const above = Number(cy) - Number(r) - 3;
    const labelY = above < frame.top + 8 ? Number(cy) + Number(r) + 10 : above;
    const label =
      `Bin ${formatFixed(b.lower, 2)}–${formatFixed(b.upper, 2)}: n = ${b.count}, ` +
      `mean predicted ${formatAuc(b.meanPredicted)}, observed ${formatAuc(b.observedRate)}`;
    return (
      `<g class="bin"><title>${escapeHtml(label)}</title>` +
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${input.style.colour}" fill-opacity="0.35" stroke="${input.style.colour}"/>` +
      `<text class="bin-count" font-size="9" fill="${INK_SOFT}" x="${cx}" y="${labelY.toFixed(1)}" text-anchor="middle">${b.count}</text></g>`
    );
  });
  const line =
    bins.length > 1
      ? `<path class="series" d="${pathData(
          frame,
          bins.map((b) => ({ x: b.meanPredicted, y: b.observedRate })),
        )}" fill="none" stroke-width="1.5" ${stroke}/>`
      : '';
  const note =
    bins.length === 0 ? 'No reliability bins' : `Point labels: patients per bin; ECE ${formatAuc(input.ece)}`;
  const description =
    bins.length === 0
      ? 'Reliability plot with no non-empty bins.'
      : `Reliability plot of mean predicted probability against observed positive rate for ${bins.length} bins ` +
        `(${bins.map((b) => `${formatAuc(b.meanPredicted)} → ${formatAuc(b.observedRate)}, n = ${b.count}`).join('; ')}).`;
  return renderSvgDocument({
    id: input.id,
    width: frame.width,
    height: frame.height,
    title: input.title,
    description,
    body:
      renderAxes(frame, 'Mean predicted probability', 'Observed positive rate') +
      renderDiagonal(frame) +
      line +
      points.join('') +
      `<text class="legend-label" font-size="10.5" fill="${INK}" x="${frame.left}" y="${frame.top + frame.side + 52}">${escapeHtml(note)}</text>`,
  });
}
