/**
 * The demo cohort as the three CSV texts the cohort parser reads. Each starts with a comment line
 * declaring the data synthetic (the parser marks such a cohort `synthetic`). Numbers are printed in
 * JavaScript's shortest round-trip form, so parsing gives back exactly the generated doubles.
 */
import type { DemoCohort } from './generateDemoCohort.js';

export const COHORT_LEADING_COLUMNS = [
  'patient_id',
  'site',
  'set',
  'her2_status',
  'er',
  'pr',
  'ki67',
  'age',
  'suv_max',
  'suv_mean',
] as const;

export interface DemoCohortCsv {
  cohort: string;
  inter: string;
  intra: string;
}

function syntheticComment(seed: number, what: string): string {
  return (
    `# synthetic demo cohort - SYNTHETIC, not clinical data; generator seed ${seed}; ` +
    `shaped after Hou et al., Cancer Imaging 2025 (Tables 1-3); ${what}`
  );
}

const positivity = (b: boolean): string => (b ? 'positive' : 'negative');

export function formatDemoCohortCsv(demo: DemoCohort): DemoCohortCsv {
  const p = demo.featureNames.length;
  const cohortLines = [
    syntheticComment(demo.seed, 'reader 1 segmentation'),
    [...COHORT_LEADING_COLUMNS, ...demo.featureNames].join(','),
  ];
  demo.patients.forEach((patient, i) => {
    const cells: string[] = [
      patient.patientId,
      patient.site,
      patient.set,
      patient.her2Status,
      positivity(patient.er),
      positivity(patient.pr),
      String(patient.ki67),
      String(patient.age),
      String(patient.suvMax),
      String(patient.suvMean),
    ];
    for (let j = 0; j < p; j++) cells.push(String(demo.features[j][i]));
    cohortLines.push(cells.join(','));
  });

  const repeatCsv = (columns: Float64Array[], what: string): string => {
    const lines = [syntheticComment(demo.seed, what), ['patient_id', ...demo.featureNames].join(',')];
    demo.repeat.patientIds.forEach((id, r) => {
      const cells = [id];
      for (let j = 0; j < p; j++) cells.push(String(columns[j][r]));
      lines.push(cells.join(','));
    });
    return lines.join('\n') + '\n';
  };

  return {
    cohort: cohortLines.join('\n') + '\n',
    inter: repeatCsv(demo.repeat.inter, 'repeat segmentation by reader 2 (inter-observer)'),
    intra: repeatCsv(demo.repeat.intra, 'repeat segmentation by reader 1 (intra-observer)'),
  };
}
