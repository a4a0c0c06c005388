/** A marker over a cohort: each patient's value, null where none of their lesions has a contour. */
import { AnalysisInputError } from './analysisInputError.js';
import { markerName, parseMarkerName, type MarkerSpec } from './markers.js';
import { patientMarker } from './markers.js';
import type { PrognosisCohort } from './prognosisCohort.js';

export function cohortMarker(cohort: PrognosisCohort, spec: MarkerSpec): (number | null)[] {
  return cohort.patients.map((patient) => patientMarker(patient.lesions, spec));
}

/** The spec of a marker the cohort can compute; an AnalysisInputError naming the problem otherwise. */
export function requireMarker(cohort: PrognosisCohort, name: string): MarkerSpec {
  const spec = parseMarkerName(name);
  if (spec === null) {
    throw new AnalysisInputError(
      `unknown marker "${name}": markers are HI{t}_{agg}, MTV{t}_{agg}, TLG{t}_{agg} (t in 2.5, 40, 50) ` +
        `or SUVmax_{agg}, with agg in max, mean, median (the study's is HI50_max)`,
    );
  }
  if (spec.threshold !== null && !cohort.thresholds.includes(spec.threshold)) {
    throw new AnalysisInputError(
      `marker ${markerName(spec)} needs the threshold-${spec.threshold} columns, which ${cohort.sources.lesions} ` +
        `does not have (it has ${cohort.thresholds.join(', ')})`,
    );
  }
  return spec;
}
