/** A POST /v1/predictions body for some patients of a cohort CSV, with exactly the inputs a model needs. */
import type { ModelArtifact } from './artifact.js';
import type { PatientInput } from './her2Model.js';
import { parsePredictionCsv } from './predictionInput.js';

export function exampleRequestFor(
  artifact: ModelArtifact,
  cohortCsv: string,
  patientIds: string[],
): { patients: PatientInput[] } {
  const byId = new Map(parsePredictionCsv(cohortCsv, 'cohort').map((p) => [p.id, p]));
  return {
    patients: patientIds.map((id) => {
      const patient = byId.get(id);
      if (!patient) throw new Error(`patient ${id} is not in the cohort`);
      return {
        id,
        features: Object.fromEntries(artifact.input.features.map((f) => [f, patient.features[f]])),
        clinical: Object.fromEntries(artifact.input.clinical.map((c) => [c, patient.clinical[c]])),
        // A harmonised model adjusts the features of a site it knows.
        ...(artifact.input.harmonization && patient.site !== undefined && { site: patient.site }),
      };
    }),
  };
}
