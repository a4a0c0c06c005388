/**
 * Cohort characteristics per set and HER2 class, laid out like the paper's Tables 1–2: continuous
 * columns as mean ± sd, binary ones as count (percent). Percentages are of the class column (the
 * paper uses the whole set as denominator; per-class shares are easier to compare across classes).
 */
import type { Her2Status, SetName } from '../../cohort/cohort.js';
import type { CohortSummaryCell, ModelArtifact } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';
import { formatCountPercent, formatMeanSd, isFiniteNumber } from '../format.js';
import { classLabel, REPORT_SETS, REPORT_TASKS, setLabel } from '../labels.js';

interface CohortRow {
  label: string;
  cell: (c: CohortSummaryCell) => string;
}

const ROWS: CohortRow[] = [
  { label: 'Age (years), mean ± sd', cell: (c) => formatMeanSd(c.age) },
  { label: 'SUVmax, mean ± sd', cell: (c) => formatMeanSd(c.suvMax) },
  { label: 'SUVmean, mean ± sd', cell: (c) => formatMeanSd(c.suvMean) },
  { label: 'ER positive, n (%)', cell: (c) => formatCountPercent(c.erPositive, c.n) },
  { label: 'PR positive, n (%)', cell: (c) => formatCountPercent(c.prPositive, c.n) },
  { label: 'Ki-67 high (≥ 14%), n (%)', cell: (c) => formatCountPercent(c.ki67High, c.n) },
];

function setTotal(cells: Partial<Record<Her2Status, CohortSummaryCell>>): number {
  return REPORT_TASKS.reduce((sum, s) => sum + (isFiniteNumber(cells[s]?.n) ? cells[s]!.n : 0), 0);
}

export function renderCohortTable(artifact: ModelArtifact): string {
  const summary = artifact.cohortSummary ?? ({} as ModelArtifact['cohortSummary']);
  const sets: SetName[] = REPORT_SETS.filter((s) => REPORT_TASKS.some((c) => summary[s]?.[c] !== undefined));
  if (sets.length === 0) {
    return `<section id="cohort" aria-labelledby="cohort-heading"><h2 id="cohort-heading">Cohort</h2><p>No cohort summary in the artifact.</p></section>`;
  }
  const groupHeader = sets
    .map(
      (s) =>
        `<th scope="colgroup" colspan="${REPORT_TASKS.length}">${escapeHtml(setLabel(s))} (n = ${setTotal(summary[s] ?? {})})</th>`,
    )
    .join('');
  const classHeader = sets
    .flatMap((s) =>
      REPORT_TASKS.map((c) => {
        const n = summary[s]?.[c]?.n;
        return `<th scope="col">${escapeHtml(classLabel(c))} (n = ${isFiniteNumber(n) ? n : '–'})</th>`;
      }),
    )
    .join('');
  const body = ROWS.map((r) => {
    const cells = sets
      .flatMap((s) =>
        REPORT_TASKS.map((c) => {
          const cell = summary[s]?.[c];
          return `<td>${escapeHtml(cell ? r.cell(cell) : '–')}</td>`;
        }),
      )
      .join('');
    return `<tr><th scope="row">${escapeHtml(r.label)}</th>${cells}</tr>`;
  }).join('');
  return (
    `<section id="cohort" aria-labelledby="cohort-heading">` +
    `<h2 id="cohort-heading">Cohort characteristics (cf. paper Tables 1–2)</h2>` +
    `<div class="table-wrap"><table class="cohort">` +
    `<caption>Clinicopathological characteristics per set and HER2 class. Percentages are of the class column.</caption>` +
    `<colgroup><col>${sets.map(() => `<col span="${REPORT_TASKS.length}" class="set-group">`).join('')}</colgroup>` +
    `<thead><tr><td rowspan="2"></td>${groupHeader}</tr><tr>${classHeader}</tr></thead>` +
    `<tbody>${body}</tbody></table></div></section>`
  );
}
