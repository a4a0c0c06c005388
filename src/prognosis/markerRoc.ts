/**
 * Time-dependent ROC of markers for PFS at a horizon (cumulative cases by the horizon vs patients
 * still progression-free after it, IPCW as timeROC), and where a cut-off falls on that curve.
 */
import { timeDependentRoc, type TimeDependentRoc } from '../survival/index.js';
import { availableMarkers, markerName } from './markers.js';
import { cohortMarker } from './markerValues.js';
import type { PrognosisCohort } from './prognosisCohort.js';

export type MarkerRocRow =
  | {
      marker: string;
      n: number;
      auc: number;
      se: number;
      ci95: [number, number];
      youdenCutoff: number;
      sensitivity: number;
      specificity: number;
    }
  | { marker: string; n: number; auc: null; note: string };

/** Sensitivity and specificity of "marker ≥ cutoff" read off the ROC's cut-off list. */
export function operatingPoint(
  roc: TimeDependentRoc,
  cutoff: number,
): { sensitivity: number; specificity: number } {
  // Positives at c are the patients with marker ≥ c: the same set as at the smallest listed cut-off ≥ c.
  const index = roc.cutoffs.findIndex((c) => c >= cutoff);
  if (index < 0) return { sensitivity: 0, specificity: 1 };
  return { sensitivity: roc.sensitivity[index], specificity: roc.specificity[index] };
}

export function markerRocTable(cohort: PrognosisCohort, horizon: number): MarkerRocRow[] {
  const time = cohort.patients.map((p) => p.pfsMonths);
  const event = cohort.patients.map((p) => (p.progressed ? 1 : 0));
  return availableMarkers(cohort.thresholds).map((spec) => {
    const marker = markerName(spec);
    const values = cohortMarker(cohort, spec);
    const n = values.filter((v) => v !== null).length;
    if (n < cohort.patients.length) {
      return {
        marker,
        n,
        auc: null,
        note: `${cohort.patients.length - n} patients have no lesion at this threshold`,
      };
    }
    try {
      const roc = timeDependentRoc(time, event, values as number[], horizon);
      const { cutoff, sensitivity, specificity } = roc.youden;
      return {
        marker,
        n,
        auc: roc.auc,
        se: roc.se,
        ci95: roc.ci95,
        youdenCutoff: cutoff,
        sensitivity,
        specificity,
      };
    } catch (error) {
      // timeDependentRoc refuses a horizon without cases or without controls: say so for this row.
      if (error instanceof RangeError) return { marker, n, auc: null, note: error.message };
      throw error;
    }
  });
}
