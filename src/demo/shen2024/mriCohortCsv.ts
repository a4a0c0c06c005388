/**
 * The MRI demo cohort as CSV texts: the cohort (reader 1, with the clinical columns), the two repeat
 * readings (patient_id and the same imaging columns) and the ground truth. Each starts with a comment
 * declaring the data SYNTHETIC (the cohort parser marks such a cohort synthetic).
 */
import type { ClassProbabilities } from '../bayesPosterior.js';
import type { MriCohort, MriReading } from './generateMriCohort.js';

export const MRI_CLINICAL_COLUMNS = ['patient_id', 'site', 'ihc', 'fish', 'er', 'pr', 'ki67', 'age'] as const;

export const MRI_TRUTH_COLUMNS = [
  'patient_id',
  'her2_status',
  'p_over',
  'p_low',
  'p_zero',
  'p_low_vs_zero',
  'p_low_vs_over',
  'p_low_vs_zero_without_ki67',
  'p_low_vs_over_without_ki67',
] as const;

export interface MriCohortCsv {
  cohort: string;
  inter: string;
  intra: string;
  truth: string;
}

function syntheticComment(seed: number, what: string): string {
  return (
    `# synthetic MRI demo cohort - SYNTHETIC, not clinical data; generator seed ${seed}; ` +
    `shaped after Shen et al., Tomography 2025 (HER2-low MRI study); ${what}`
  );
}

const positivity = (b: boolean): string => (b ? 'positive' : 'negative');

function imagingCells(demo: MriCohort, reading: MriReading): string[] {
  return [...demo.categoricalColumns.map((c) => reading.categorical[c]), ...reading.continuous.map(String)];
}

/** P(a | a or b) from a three-class posterior. */
export function pairwise(
  p: ClassProbabilities,
  a: keyof ClassProbabilities,
  b: keyof ClassProbabilities,
): number {
  return p[a] / (p[a] + p[b]);
}

export function formatMriCohortCsv(demo: MriCohort): MriCohortCsv {
  const imagingHeader = [...demo.categoricalColumns, ...demo.continuousColumns];
  const lines = (what: string, header: readonly string[], rows: string[][]): string =>
    [syntheticComment(demo.seed, what), header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
  const repeat = (readings: MriReading[], what: string): string =>
    lines(
      what,
      ['patient_id', ...imagingHeader],
      demo.patients.map((p, i) => [p.patientId, ...imagingCells(demo, readings[i])]),
    );

  const cohort = lines(
    'reader 1',
    [...MRI_CLINICAL_COLUMNS, ...imagingHeader],
    demo.patients.map((p, i) => [
      p.patientId,
      p.site,
      p.ihc,
      p.fish,
      positivity(p.er),
      positivity(p.pr),
      String(p.ki67),
      String(p.age),
      ...imagingCells(demo, demo.readings.reader1[i]),
    ]),
  );
  const truth = lines(
    'ground truth: the generating model’s exact class posterior given reader 1’s row ' +
      '(p_low_vs_zero = P(low | low or zero, row)); not an input to training',
    MRI_TRUTH_COLUMNS,
    demo.patients.map((p, i) => {
      const full = demo.truth.posterior[i];
      const noKi67 = demo.truth.posteriorWithoutKi67[i];
      return [
        p.patientId,
        p.her2Status,
        ...[full.over, full.low, full.zero].map(String),
        String(pairwise(full, 'low', 'zero')),
        String(pairwise(full, 'low', 'over')),
        String(pairwise(noKi67, 'low', 'zero')),
        String(pairwise(noKi67, 'low', 'over')),
      ];
    }),
  );
  return {
    cohort,
    inter: repeat(demo.readings.reader2, 'second reading by reader 2 (inter-observer)'),
    intra: repeat(demo.readings.reader1Again, 'second reading by reader 1 (intra-observer)'),
    truth,
  };
}
