/** Public entry points of the report module. */
export { renderHtmlReport } from './html.js';
export { renderMarkdownSummary } from './markdown.js';
export { writeReport, type WrittenReport } from './writeReport.js';
