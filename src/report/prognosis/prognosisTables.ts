/**
 * The tables of the prognosis report: the study's Table 2 (Spearman rho and p per parameter ×
 * threshold × aggregate), time-dependent AUC per marker, and the two risk groups.
 */
import type { PrognosisSummary } from '../../prognosis/analysis.js';
import { escapeHtml } from '../escape.js';
import { MISSING, formatAucWithCi, formatFixed, formatPValue } from '../format.js';

const td = (text: string) => `<td>${escapeHtml(text)}</td>`;

export function formatMonths(value: number | null): string {
  return value === null ? 'not reached' : `${formatFixed(value, 2)} mo`;
}

function medianCell(value: number | null, ci: [number | null, number | null]): string {
  const bound = (b: number | null) => (b === null ? 'NR' : formatFixed(b, 2));
  return `${formatMonths(value)} (95% CI ${bound(ci[0])}–${bound(ci[1])})`;
}

export function renderSpearmanTable(summary: PrognosisSummary): string {
  const aggregates = ['max', 'mean', 'median'] as const;
  const rows = new Map<string, PrognosisSummary['spearman']>();
  for (const row of summary.spearman) {
    const key = `${row.threshold ?? '—'}|${row.parameter}`;
    rows.set(key, [...(rows.get(key) ?? []), row]);
  }
  const body = [...rows.values()].map((cells) => {
    const first = cells[0];
    const threshold =
      first.threshold === null ? '—' : first.threshold === '2.5' ? 'SUV 2.5' : `${first.threshold}% SUVmax`;
    const values = aggregates.map((agg) => {
      const cell = cells.find((c) => c.aggregate === agg);
      return td(formatFixed(cell?.rho, 3)) + td(formatPValue(cell?.p));
    });
    return `<tr>${td(threshold)}${td(first.parameter)}${values.join('')}</tr>`;
  });
  return (
    '<section><h2>Correlation of PET parameters with PFS (Table 2)</h2>' +
    '<div class="table-wrap"><table><caption>Spearman rank correlation of each patient-level parameter with PFS time ' +
    "(months); a negative rho means higher values go with shorter PFS. Maximum, mean and median over the patient's lesions.</caption>" +
    '<thead><tr><th rowspan="2">Threshold</th><th rowspan="2">Parameter</th>' +
    aggregates
      .map((a) => `<th colspan="2">${a === 'max' ? 'Maximum' : a === 'mean' ? 'Mean' : 'Median'}</th>`)
      .join('') +
    '</tr><tr>' +
    aggregates.map(() => '<th>rho</th><th>p</th>').join('') +
    `</tr></thead><tbody>${body.join('')}</tbody></table></div></section>`
  );
}

export function renderRocTable(summary: PrognosisSummary): string {
  const rows = summary.rocByMarker.map((row) => {
    const chosen = row.marker === summary.marker ? ' class="best"' : '';
    if (row.auc === null)
      return `<tr${chosen}>${td(row.marker)}${td(String(row.n))}<td colspan="4">${escapeHtml(row.note)}</td></tr>`;
    return (
      `<tr${chosen}>${td(row.marker)}${td(String(row.n))}${td(formatAucWithCi(row.auc, row.ci95))}` +
      `${td(formatFixed(row.youdenCutoff, 3))}${td(formatFixed(row.sensitivity, 3))}${td(formatFixed(row.specificity, 3))}</tr>`
    );
  });
  return (
    `<section><h2>Time-dependent ROC for PFS at ${escapeHtml(String(summary.timeDependentAuc.horizon))} months, per marker</h2>` +
    '<div class="table-wrap"><table><caption>Cumulative/dynamic AUC with inverse-probability-of-censoring weights ' +
    '(as R timeROC), 95% CI from its iid standard error; the Youden cut-off and its sensitivity and specificity. ' +
    'The chosen marker is highlighted.</caption>' +
    '<thead><tr><th>Marker</th><th>n</th><th>AUC (95% CI)</th><th>Youden cut-off</th><th>Sensitivity</th><th>Specificity</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

export function renderGroupTable(summary: PrognosisSummary): string {
  const row = (name: 'high' | 'low') => {
    const g = summary.groups[name];
    const rule =
      name === 'high' ? `≥ ${formatFixed(summary.cutoff, 3)}` : `< ${formatFixed(summary.cutoff, 3)}`;
    return `<tr>${td(`${name} (${summary.marker} ${rule})`)}${td(String(g.n))}${td(String(g.events))}${td(medianCell(g.medianPfs, g.medianPfsCi95))}</tr>`;
  };
  const cox = summary.cox;
  const coxText =
    cox.hazardRatio === null
      ? (cox.note ?? MISSING)
      : `${formatFixed(cox.hazardRatio, 2)} (95% CI ${formatFixed(cox.ci95?.[0], 2)}–${formatFixed(cox.ci95?.[1], 2)}), Wald p ${formatPValue(cox.p)}, proportional-hazards test p ${formatPValue(cox.proportionalHazardsP)}`;
  return (
    '<div class="table-wrap"><table><caption>Risk groups: progression-free survival.</caption>' +
    '<thead><tr><th>Group</th><th>Patients</th><th>Progressed</th><th>Median PFS</th></tr></thead>' +
    `<tbody>${row('high')}${row('low')}</tbody></table></div>` +
    `<p>Log-rank χ² = ${formatFixed(summary.logRank.chisq, 3)} (${summary.logRank.df} df), p ${escapeHtml(formatPValue(summary.logRank.p))}. ` +
    `Cox hazard ratio, high vs low: ${escapeHtml(coxText)}.</p>`
  );
}
