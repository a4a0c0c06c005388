/**
 * Serving a prognosis model: a patient's lesions → the patient-level marker, the risk group, and
 * that group's Kaplan–Meier PFS (with its pointwise 95% CI) at fixed times. Beyond the group's last
 * follow-up the curve says nothing, so the estimate is null there and the reason is given.
 */
import { AnalysisInputError } from './analysisInputError.js';
import type { Lesion } from './lesionTable.js';
import { markerName, parseMarkerName, patientMarker } from './markers.js';
import type { PrognosisArtifact } from './prognosisArtifact.js';
import { riskGroupOf, type GroupCurve, type RiskGroup } from './riskGroups.js';

export const PFS_TIMES_MONTHS = [6, 12, 24] as const;

export interface PfsEstimate {
  months: number;
  survival: number | null;
  ci95: [number | null, number | null] | null;
  note?: string;
}

export interface PatientPrognosis {
  marker: string;
  value: number;
  cutoff: number;
  riskGroup: RiskGroup;
  group: {
    n: number;
    events: number;
    medianPfs: number | null;
    medianPfsCi95: [number | null, number | null];
  };
  pfs: PfsEstimate[];
}

/** The step function S(t) of a stored curve: 1 before the first time, the last value up to the last time. */
export function pfsAt(km: GroupCurve['km'], months: number): PfsEstimate {
  const last = km.times[km.times.length - 1] ?? 0;
  if (months > last) {
    return {
      months,
      survival: null,
      ci95: null,
      note: `beyond the group's last follow-up (${last} months): not estimable`,
    };
  }
  let index = -1;
  while (index + 1 < km.times.length && km.times[index + 1] <= months) index++;
  if (index < 0) return { months, survival: 1, ci95: [1, 1] };
  return { months, survival: km.survival[index], ci95: [km.lower[index], km.upper[index]] };
}

export function predictPrognosis(artifact: PrognosisArtifact, lesions: readonly Lesion[]): PatientPrognosis {
  const spec = parseMarkerName(artifact.marker);
  if (spec === null) throw new Error(`prognosis model ${artifact.id}: unknown marker ${artifact.marker}`);
  const value = patientMarker(lesions, spec);
  if (value === null) {
    throw new AnalysisInputError(
      `${markerName(spec)} needs at least one lesion with suv_mean_${spec.threshold} and mtv_${spec.threshold}`,
    );
  }
  const riskGroup = riskGroupOf(value, artifact.cutoff);
  const curve = artifact.groups[riskGroup];
  return {
    marker: artifact.marker,
    value,
    cutoff: artifact.cutoff,
    riskGroup,
    group: {
      n: curve.n,
      events: curve.events,
      medianPfs: curve.medianPfs,
      medianPfsCi95: curve.medianPfsCi95,
    },
    pfs: PFS_TIMES_MONTHS.map((months) => pfsAt(curve.km, months)),
  };
}
