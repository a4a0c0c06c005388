/**
 * The study's Table 2: Spearman's rho between each marker and PFS, per parameter × threshold ×
 * aggregate. Correlated with PFS time (months), as the study's signs imply: its HI50 rho of −0.612
 * says higher heterogeneity goes with shorter PFS. Patients without the marker are left out (n says
 * how many remain).
 */
import { spearman } from '../survival/index.js';
import { availableMarkers, markerName, type Aggregate, type Parameter } from './markers.js';
import type { Threshold } from './lesionTable.js';
import { cohortMarker } from './markerValues.js';
import type { PrognosisCohort } from './prognosisCohort.js';

export interface SpearmanRow {
  marker: string;
  parameter: Parameter;
  threshold: Threshold | null;
  aggregate: Aggregate;
  n: number;
  /** null when fewer than 3 patients have the marker or it is constant. */
  rho: number | null;
  p: number | null;
  method: 'exact' | 't' | null;
}

export function spearmanTable(cohort: PrognosisCohort): SpearmanRow[] {
  return availableMarkers(cohort.thresholds).map((spec) => {
    const values = cohortMarker(cohort, spec);
    const x: number[] = [];
    const y: number[] = [];
    values.forEach((value, i) => {
      if (value === null) return;
      x.push(value);
      y.push(cohort.patients[i].pfsMonths);
    });
    const base = { marker: markerName(spec), ...spec, n: x.length };
    const constant = x.every((v) => v === x[0]);
    if (x.length < 3 || constant) return { ...base, rho: null, p: null, method: null };
    const result = spearman(x, y);
    return { ...base, rho: result.rho, p: result.p, method: result.method };
  });
}
