/**
 * The frame both chart kinds share: a square plot of [0, 1] × [0, 1] with ticks, light grid lines,
 * axis titles and the diagonal reference line. Coordinates are clamped and rounded here so that no
 * NaN or Infinity can ever reach path data, whatever the artifact contains.
 */
import { escapeHtml } from '../escape.js';

export interface PlotFrame {
  /** Total drawing size in SVG user units. */
  width: number;
  height: number;
  /** The plot square's left/top corner and side length. */
  left: number;
  top: number;
  side: number;
}

export const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/*
 * Colours are presentation attributes rather than page CSS so that an SVG copied out of the report
 * still looks the same. Ink colours keep >= 7:1 contrast on white; the grid is deliberately faint.
 */
export const INK = '#1a1a1a';
export const INK_SOFT = '#404040';
const GRID = '#e4e4e4';

/** Side of every report figure's plot square (user units; the SVG scales down on narrow screens). */
export const FIGURE_SIDE = 320;

/** A frame with room for tick labels and axis titles; `extraBottom` leaves space for a legend. */
export function createPlotFrame(side = FIGURE_SIDE, extraBottom = 0): PlotFrame {
  const left = 52;
  const top = 30;
  return { width: left + side + 16, height: top + side + 44 + extraBottom, left, top, side };
}

function clampUnit(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function round1(v: number): string {
  const text = v.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** SVG x coordinate of a value in [0, 1] (clamped). */
export function plotX(frame: PlotFrame, v: number): string {
  return round1(frame.left + clampUnit(v) * frame.side);
}

/** SVG y coordinate of a value in [0, 1] (clamped); y grows upwards in the plot. */
export function plotY(frame: PlotFrame, v: number): string {
  return round1(frame.top + (1 - clampUnit(v)) * frame.side);
}

/** Grid, ticks, tick labels and axis titles. */
export function renderAxes(frame: PlotFrame, xTitle: string, yTitle: string): string {
  const { left, top, side } = frame;
  const bottom = top + side;
  const parts: string[] = [];
  for (const t of TICKS) {
    const x = plotX(frame, t);
    const y = plotY(frame, t);
    parts.push(
      `<line class="grid" stroke="${GRID}" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/>`,
      `<line class="grid" stroke="${GRID}" x1="${left}" y1="${y}" x2="${left + side}" y2="${y}"/>`,
      `<line class="tick" stroke="${INK_SOFT}" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}"/>`,
      `<line class="tick" stroke="${INK_SOFT}" x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}"/>`,
      `<text class="tick-label" font-size="10" fill="${INK_SOFT}" x="${x}" y="${bottom + 17}" text-anchor="middle">${t.toFixed(1)}</text>`,
      `<text class="tick-label" font-size="10" fill="${INK_SOFT}" x="${left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${t.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<rect class="plot-border" stroke="${INK_SOFT}" x="${left}" y="${top}" width="${side}" height="${side}" fill="none"/>`,
    `<text class="axis-title" font-size="11" fill="${INK}" x="${left + side / 2}" y="${bottom + 34}" text-anchor="middle">${escapeHtml(xTitle)}</text>`,
    `<text class="axis-title" font-size="11" fill="${INK}" x="14" y="${top + side / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + side / 2})">${escapeHtml(yTitle)}</text>`,
  );
  return `<g class="axes">${parts.join('')}</g>`;
}

/** The chance / perfect-calibration line from (0, 0) to (1, 1). */
export function renderDiagonal(frame: PlotFrame): string {
  return `<line class="diagonal" stroke="#767676" stroke-dasharray="3 3" x1="${plotX(frame, 0)}" y1="${plotY(frame, 0)}" x2="${plotX(frame, 1)}" y2="${plotY(frame, 1)}"/>`;
}

/** "M x,y L x,y …" through the given unit-square points (callers drop non-finite points first). */
export function pathData(frame: PlotFrame, points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${plotX(frame, p.x)},${plotY(frame, p.y)}`).join(' ');
}
