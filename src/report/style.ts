/**
 * The page's only stylesheet, inlined so the report works offline. System font stacks only (no
 * web fonts); text colours keep at least 4.5:1 contrast; the print rules keep tables and charts
 * from splitting across pages and drop the screen-only decorations.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; max-width: 1100px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; border-bottom: 2px solid #d0d0d0; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
code { overflow-wrap: anywhere; }
pre { background: #f4f4f4; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.banner-synthetic { background: #8a1c00; color: #ffffff; padding: 0.9rem 1rem; font-size: 1.15rem;
  border: 3px solid #4d0f00; margin-bottom: 1rem; text-align: center; }
.intended-use { border-left: 6px solid #8a5a00; background: #fff7e0; padding: 0.4rem 1rem; margin: 1rem 0; }
.intended-use h2 { border: none; margin: 0.4rem 0; font-size: 1.05rem; }
.subtitle { color: #4a4a4a; margin: 0; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dl.provenance > div { display: contents; }
dt { font-weight: 600; }
dd { margin: 0; }
.inline-list { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.88rem; }
caption { caption-side: top; text-align: left; color: #4a4a4a; padding-bottom: 0.3rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
td { font-variant-numeric: tabular-nums; }
tr.task-row th { background: #e3ebf3; }
td.best, tr.best td { background: #fdf1c7; }
tr.clinical td, tr.clinical th { background: #f6f6f6; }
table.checklist tr.author td:nth-child(2) { color: #8a1c00; font-weight: 600; }
details.config > summary { cursor: pointer; font-weight: 600; }
.selection-summary { margin: 0.2rem 0; color: #333333; }
figure.chart-row { margin: 0.4rem 0 1rem; }
.charts { display: flex; flex-wrap: wrap; gap: 0.8rem; }
figcaption { color: #4a4a4a; font-size: 0.88rem; }
svg.chart { background: #ffffff; max-width: 100%; height: auto; }
footer { margin-top: 2rem; color: #4a4a4a; font-size: 0.85rem; border-top: 1px solid #d0d0d0; padding-top: 0.5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  /* Printers may drop backgrounds, which would leave white text on white: print the banner dark-on-light. */
  .banner-synthetic { background: #ffffff; color: #000000; border: 4px solid #000000; }
  td.best, tr.best td, thead th, tr.task-row th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  table, figure, svg, .intended-use { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  details > summary { list-style: none; }
}
`;
