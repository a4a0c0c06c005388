/**
 * Row i of a cohort as a prediction request for a trained artifact: its numeric features (missing
 * ones left out, for the model to impute), categorical levels, every clinical value, and the site
 * only when given (a test of an unnamed site sends none). src/frozenEvaluation's cohortPatient does
 * the same from a loaded model and always names the row's site.
 */
import type { Cohort } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import type { PatientInput } from '../../src/model/her2Model.js';

export function patientOf(cohort: Cohort, artifact: ModelArtifact, i: number, site?: string): PatientInput {
  const features: Record<string, number | string> = {};
  for (const name of artifact.input.features) {
    const v = cohort.features[cohort.featureNames.indexOf(name)][i];
    if (!Number.isNaN(v)) features[name] = v;
  }
  for (const name of Object.keys(artifact.input.categorical)) {
    features[name] = cohort.categorical[cohort.categoricalNames.indexOf(name)][i];
  }
  const clinical: Record<string, number> = {};
  for (const [name, column] of Object.entries(cohort.clinical)) clinical[name] = column![i];
  return { id: cohort.patientIds[i], features, clinical, ...(site !== undefined && { site }) };
}
