/**
 * A prognosis cohort: every patient's lesions joined to their outcome. Each side must cover the
 * other: a patient with lesions and no outcome (or an outcome and no lesions) is an error naming
 * the file and row where that patient appears, so no patient silently drops out of the analysis.
 */
import { CohortError } from '../cohort/errors.js';
import type { Lesion, LesionTable, OutcomeTable, Threshold } from './lesionTable.js';

export interface PrognosisPatient {
  patientId: string;
  pfsMonths: number;
  progressed: boolean;
  lesions: Lesion[];
}

export interface PrognosisCohort {
  /** Lesion file and outcome file names, for provenance. */
  sources: { lesions: string; outcomes: string };
  /** True when either file declares itself synthetic. */
  synthetic: boolean;
  thresholds: Threshold[];
  /** In the outcome table's order. */
  patients: PrognosisPatient[];
}

export function joinPrognosisCohort(lesions: LesionTable, outcomes: OutcomeTable): PrognosisCohort {
  const byPatient = new Map<string, Lesion[]>();
  for (const lesion of lesions.lesions) {
    const list = byPatient.get(lesion.patientId);
    if (list === undefined) byPatient.set(lesion.patientId, [lesion]);
    else list.push(lesion);
  }
  for (const [patientId, at] of lesions.firstRowOf) {
    if (!outcomes.rowOf.has(patientId)) {
      throw new CohortError(`patient has lesions but no row in the outcome table ${outcomes.source}`, {
        file: lesions.source,
        ...at,
        column: 'patient_id',
        patientId,
      });
    }
  }
  const patients = outcomes.outcomes.map((outcome) => {
    const patientLesions = byPatient.get(outcome.patientId);
    if (patientLesions === undefined) {
      throw new CohortError(`patient has an outcome but no lesions in the lesion table ${lesions.source}`, {
        file: outcomes.source,
        ...outcomes.rowOf.get(outcome.patientId)!,
        column: 'patient_id',
        patientId: outcome.patientId,
      });
    }
    return { ...outcome, lesions: patientLesions };
  });
  return {
    sources: { lesions: lesions.source, outcomes: outcomes.source },
    synthetic: lesions.synthetic || outcomes.synthetic,
    thresholds: lesions.thresholds,
    patients,
  };
}
