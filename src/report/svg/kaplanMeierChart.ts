/**
 * Kaplan–Meier curves as inline SVG: one step curve per group with its shaded pointwise 95% band,
 * censoring ticks, and the numbers at risk printed under the time axis, as a KM figure in a paper.
 * Coordinates are clamped, so no NaN reaches path data.
 */
import { escapeHtml } from '../escape.js';
import { strokeAttributes, type SeriesStyle } from './seriesStyle.js';
import { renderSvgDocument } from './svgDocument.js';
import { INK, INK_SOFT } from './unitSquarePlot.js';

export interface KaplanMeierSeries {
  label: string;
  style: SeriesStyle;
  times: readonly number[];
  survival: readonly number[];
  lower: readonly (number | null)[];
  upper: readonly (number | null)[];
  nCensor: readonly number[];
  atRisk: readonly { time: number; n: number }[];
}

export interface KaplanMeierChartInput {
  id: string;
  title: string;
  xTitle: string;
  /** Time ticks (also where numbers at risk are given). */
  ticks: readonly number[];
  series: readonly KaplanMeierSeries[];
}

const LEFT = 110;
const TOP = 30;
const WIDTH = 420;
const HEIGHT = 230;
const ROW = 16;
const GRID = '#e4e4e4';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo));
const fmt = (v: number) => v.toFixed(1);

function scales(xMax: number) {
  return {
    x: (t: number) => fmt(LEFT + (clamp(t, 0, xMax) / xMax) * WIDTH),
    y: (s: number) => fmt(TOP + (1 - clamp(s, 0, 1)) * HEIGHT),
  };
}

/** Step-function vertices: S = 1 from 0, dropping at each time; extends to the last time. */
function stepPoints(times: readonly number[], values: readonly number[]): [number, number][] {
  const points: [number, number][] = [[0, 1]];
  let previous = 1;
  times.forEach((t, i) => {
    points.push([t, previous], [t, values[i]]);
    previous = values[i];
  });
  return points;
}

function renderSeries(s: KaplanMeierSeries, xMax: number): string {
  const { x, y } = scales(xMax);
  const line = stepPoints(s.times, s.survival);
  // Where S = 0 the log-log limits are undefined (null): the band closes to 0 there.
  const upper = stepPoints(
    s.times,
    s.upper.map((u) => u ?? 0),
  );
  const lower = stepPoints(
    s.times,
    s.lower.map((l) => l ?? 0),
  );
  const band = [...upper, ...lower.reverse()].map(([t, v]) => `${x(t)},${y(v)}`).join(' ');
  const path = line.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t)},${y(v)}`).join(' ');
  const ticks = s.times
    .map((t, i) =>
      s.nCensor[i] > 0
        ? `<line x1="${x(t)}" x2="${x(t)}" y1="${fmt(Number(y(s.survival[i])) - 4)}" y2="${fmt(Number(y(s.survival[i])) + 4)}" stroke="${s.style.colour}"/>`
        : '',
    )
    .join('');
  return (
    `<g class="km-series"><title>${escapeHtml(s.label)}</title>` +
    `<polygon class="km-band" points="${band}" fill="${s.style.colour}" fill-opacity="0.13" stroke="none"/>` +
    `<path class="km-curve" d="${path}" fill="none" stroke-width="2" ${strokeAttributes(s.style)}/>` +
    `<g class="km-censor">${ticks}</g></g>`
  );
}

function renderAxes(input: KaplanMeierChartInput, xMax: number): string {
  const { x, y } = scales(xMax);
  const bottom = TOP + HEIGHT;
  const parts: string[] = [];
  for (const s of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(
      `<line stroke="${GRID}" x1="${LEFT}" x2="${LEFT + WIDTH}" y1="${y(s)}" y2="${y(s)}"/>`,
      `<text font-size="10" fill="${INK_SOFT}" x="${LEFT - 8}" y="${y(s)}" text-anchor="end" dominant-baseline="middle">${s.toFixed(1)}</text>`,
    );
  }
  for (const t of input.ticks) {
    parts.push(
      `<line stroke="${INK_SOFT}" x1="${x(t)}" x2="${x(t)}" y1="${bottom}" y2="${bottom + 5}"/>`,
      `<text font-size="10" fill="${INK_SOFT}" x="${x(t)}" y="${bottom + 17}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<rect stroke="${INK_SOFT}" fill="none" x="${LEFT}" y="${TOP}" width="${WIDTH}" height="${HEIGHT}"/>`,
    `<text font-size="11" fill="${INK}" x="${LEFT + WIDTH / 2}" y="${bottom + 32}" text-anchor="middle">${escapeHtml(input.xTitle)}</text>`,
    `<text font-size="11" fill="${INK}" x="${LEFT - 40}" y="${TOP + HEIGHT / 2}" text-anchor="middle" transform="rotate(-90 ${LEFT - 40} ${TOP + HEIGHT / 2})">Progression-free survival</text>`,
  );
  return `<g class="axes">${parts.join('')}</g>`;
}

function renderAtRisk(input: KaplanMeierChartInput, xMax: number, top: number): string {
  const { x } = scales(xMax);
  const rows = input.series.map((s, r) => {
    const yRow = top + 18 + r * ROW;
    const cells = s.atRisk
      .filter((a) => a.time <= xMax)
      .map(
        (a) =>
          `<text font-size="10" fill="${INK}" x="${x(a.time)}" y="${yRow}" text-anchor="middle">${a.n}</text>`,
      )
      .join('');
    return (
      `<text font-size="10" fill="${s.style.colour}" x="${LEFT - 14}" y="${yRow}" text-anchor="end">${escapeHtml(s.label)}</text>` +
      cells
    );
  });
  return (
    `<g class="at-risk"><text font-size="10.5" font-weight="600" fill="${INK}" x="${LEFT - 14}" y="${top}" text-anchor="end">At risk</text>` +
    rows.join('') +
    '</g>'
  );
}

export function renderKaplanMeierChart(input: KaplanMeierChartInput): string {
  const xMax = Math.max(1, ...input.ticks, ...input.series.flatMap((s) => s.times));
  const atRiskTop = TOP + HEIGHT + 52;
  const height = atRiskTop + 18 + input.series.length * ROW;
  const description =
    'Kaplan–Meier estimates of progression-free survival per group with shaded pointwise 95% confidence bands ' +
    'and censoring ticks; numbers at risk under the time axis. ' +
    input.series.map((s) => `${s.label}: ${s.atRisk[0]?.n ?? 0} patients`).join('; ');
  return renderSvgDocument({
    id: input.id,
    width: LEFT + WIDTH + 24,
    height,
    title: input.title,
    description,
    body:
      renderAxes(input, xMax) +
      input.series.map((s) => renderSeries(s, xMax)).join('') +
      renderAtRisk(input, xMax, atRiskTop),
  });
}
