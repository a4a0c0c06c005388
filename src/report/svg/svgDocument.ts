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
}

const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export function toDomId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function renderSvgDocument(input: SvgDocumentInput): string {
  const id = toDomId(input.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${input.width} ${input.height}" ` +
    `width="${input.width}" height="${input.height}" font-family="${FONT_FAMILY}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeHtml(input.title)}</title>` +
    `<desc id="${id}-desc">${escapeHtml(input.description)}</desc>` +
    `<text class="chart-title" font-size="13" font-weight="600" fill="#1a1a1a" x="${input.width / 2}" y="18" text-anchor="middle">${escapeHtml(input.title)}</text>` +
    input.body +
    `</svg>`
  );
}
