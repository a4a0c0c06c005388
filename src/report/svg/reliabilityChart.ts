/**
 * Reliability (calibration) plot as inline SVG: mean predicted probability against the observed
 * positive rate per bin, each point's area proportional to its bin count and labelled with it,
 * joined in order of predicted probability, against the perfect-calibration diagonal. Each point
 * carries the Wilson 95% CI of its observed rate; a bin of fewer than FEW_PATIENTS_PER_BIN patients
 * is drawn hollow with a dashed interval, so a wild point from three patients is not over-read.
 */
import { FEW_PATIENTS_PER_BIN } from '../../evaluation/groupMetrics.js';
import { wilsonInterval } from '../../evaluation/wilsonInterval.js';
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
  synthetic?: boolean;
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
  const frame = createPlotFrame(undefined, 30);
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
    const few = b.count < FEW_PATIENTS_PER_BIN;
    // count·rate is the integer count of positives; rounding removes the division's last-bit error.
    const [lo, hi] = wilsonInterval(Math.round(b.observedRate * b.count), Math.round(b.count));
    const label =
      `Bin ${formatFixed(b.lower, 2)}–${formatFixed(b.upper, 2)}: n = ${b.count}${few ? ' (few patients)' : ''}, ` +
      `mean predicted ${formatAuc(b.meanPredicted)}, observed ${formatAuc(b.observedRate)} (95% CI ${formatAuc(lo)}–${formatAuc(hi)})`;
    const dash = few ? ' stroke-dasharray="3 2"' : '';
    const errorBar =
      `<path class="bin-ci" d="M${cx},${plotY(frame, lo)} L${cx},${plotY(frame, hi)} ` +
      `M${(Number(cx) - 3).toFixed(1)},${plotY(frame, lo)} L${(Number(cx) + 3).toFixed(1)},${plotY(frame, lo)} ` +
      `M${(Number(cx) - 3).toFixed(1)},${plotY(frame, hi)} L${(Number(cx) + 3).toFixed(1)},${plotY(frame, hi)}" ` +
      `stroke="${input.style.colour}" stroke-width="1.2" fill="none"${dash}/>`;
    return (
      `<g class="bin${few ? ' few-patients' : ''}"><title>${escapeHtml(label)}</title>` +
      errorBar +
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${few ? '#ffffff' : input.style.colour}" fill-opacity="${few ? '1' : '0.35'}" stroke="${input.style.colour}"/>` +
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
  const legend =
    bins.length === 0
      ? ''
      : `Bars: Wilson 95% CI; hollow, dashed: fewer than ${FEW_PATIENTS_PER_BIN} patients`;
  const description =
    bins.length === 0
      ? 'Reliability plot with no non-empty bins.'
      : `Reliability plot of mean predicted probability against observed positive rate for ${bins.length} bins ` +
        `(${bins.map((b) => `${formatAuc(b.meanPredicted)} → ${formatAuc(b.observedRate)}, n = ${b.count}`).join('; ')}).`;
  return renderSvgDocument({
    id: input.id,
    width: frame.width,
    height: frame.height,
    synthetic: input.synthetic,
    title: input.title,
    description,
    body:
      renderAxes(frame, 'Mean predicted probability', 'Observed positive rate') +
      renderDiagonal(frame) +
      line +
      points.join('') +
      `<text class="legend-label" font-size="10.5" fill="${INK}" x="${frame.left}" y="${frame.top + frame.side + 52}">${escapeHtml(note)}</text>` +
      `<text class="legend-label" font-size="10.5" fill="${INK}" x="${frame.left}" y="${frame.top + frame.side + 67}">${escapeHtml(legend)}</text>`,
  });
}
