/**
 * The HI / PFS demo cohort as CSV texts: lesions, outcomes (the two files `her2 prognosis` reads)
 * and the generating model's truth. Each starts with a comment declaring the data SYNTHETIC, which
 * the prognosis parsers read as the synthetic mark.
 */
import { formatCsvRow } from '../../cohort/csvWriter.js';
import { THRESHOLDS, mtvColumn, suvMeanColumn } from '../../prognosis/lesionTable.js';
import type { HiPfsCohort } from './generateHiPfsCohort.js';

export interface HiPfsCsv {
  lesions: string;
  outcomes: string;
  truth: string;
}

function syntheticComment(seed: number, what: string): string {
  return (
    `# SYNTHETIC demo cohort, not clinical data; generator seed ${seed}; ` +
    `shaped after Ma et al., Cancer Imaging 2023 (FDG heterogeneity index and PFS under trastuzumab + pertuzumab); ${what}`
  );
}

const lines = (rows: string[]): string => rows.map((r) => `${r}\n`).join('');

export function formatHiPfsCsv(cohort: HiPfsCohort): HiPfsCsv {
  const thresholdColumns = THRESHOLDS.flatMap((t) => [suvMeanColumn(t), mtvColumn(t)]);
  const lesions = lines([
    syntheticComment(cohort.seed, 'one row per lesion'),
    formatCsvRow(['patient_id', 'lesion_id', 'site', 'suv_max', ...thresholdColumns]),
    ...cohort.lesions.map((l) =>
      formatCsvRow([
        l.patientId,
        l.lesionId,
        l.site ?? '',
        l.suvMax,
        ...THRESHOLDS.flatMap((t) => [l.measures[t]?.suvMean ?? NaN, l.measures[t]?.mtv ?? NaN]),
      ]),
    ),
  ]);
  const outcomes = lines([
    syntheticComment(cohort.seed, 'progression-free survival in months, progressed 1 / censored 0'),
    formatCsvRow(['patient_id', 'pfs_months', 'progressed']),
    ...cohort.outcomes.map((o) => formatCsvRow([o.patientId, o.pfsMonths, o.progressed ? 1 : 0])),
  ]);
  const truth = lines([
    syntheticComment(cohort.seed, 'the generating model: exponential PFS rate per month from HI50_max'),
    formatCsvRow(['patient_id', 'hi50_max', 'hazard_per_month']),
    ...cohort.truth.map((t) => formatCsvRow([t.patientId, t.hi50Max, t.hazardPerMonth])),
  ]);
  return { lesions, outcomes, truth };
}
