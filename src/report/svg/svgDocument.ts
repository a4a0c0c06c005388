/**
 * Wraps chart content in an accessible inline <svg>: role="img" plus a <title> and <desc> that
 * screen readers announce, referenced by ids unique within the page.
 */
import { escapeHtml } from '../escape.js';

export interface SvgDocumentInput {
  /** Unique within the page; only [A-Za-z0-9_-] is kept so it is safe as an id. */
  id: string;
  width: number;
  height: number;
  title: string;
  description: string;
  body: string;
  /** Label the figure itself as synthetic, so a copied or cropped figure still says so. */
  synthetic?: boolean;
}

/** Stamped at the top right of every figure drawn from synthetic data. */
export const SYNTHETIC_FIGURE_LABEL = 'SYNTHETIC DATA';

const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export function toDomId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function renderSvgDocument(input: SvgDocumentInput): string {
  const id = toDomId(input.id);
  // A synthetic figure gets a row of its own below everything else, so the label never hides data.
  const height = input.synthetic === true ? input.height + 18 : input.height;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${input.width} ${height}" ` +
    `width="${input.width}" height="${height}" font-family="${FONT_FAMILY}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeHtml(input.title)}</title>` +
    `<desc id="${id}-desc">${escapeHtml(input.description)}${input.synthetic === true ? ' Drawn from synthetic data.' : ''}</desc>` +
    `<text class="chart-title" font-size="13" font-weight="600" fill="#1a1a1a" x="${input.width / 2}" y="18" text-anchor="middle">${escapeHtml(input.title)}</text>` +
    input.body +
    (input.synthetic === true
      ? `<text class="synthetic-label" font-size="11" font-weight="700" fill="#8a1c00" x="${input.width - 8}" y="${height - 6}" text-anchor="end">${SYNTHETIC_FIGURE_LABEL}</text>`
      : '') +
    `</svg>`
  );
}
