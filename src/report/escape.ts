/**
 * Escaping for text that came from the artifact (feature names, ids, config values, cohort paths):
 * any of it may be user-controlled, so nothing from the artifact reaches the page unescaped.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Escapes text for inline Markdown (including table cells). Angle brackets become entities rather
 * than backslash escapes because many renderers pass raw HTML through.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/**
 * Inline Markdown code span for identifiers such as feature names: nothing inside a code span is
 * interpreted (no emphasis, no raw HTML), so only backticks and line breaks need care.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
