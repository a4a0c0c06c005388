/**
 * Reading a new labelled cohort the way the model's own training read its cohort: the same column
 * declaration (modalities, categorical inputs, ignored columns) and missing-value policy, taken from
 * the artifact's stored configuration, so a file that trained a model can be used to evaluate it.
 * Then each row becomes the prediction input the model asks for.
 */
import type { Cohort } from '../cohort/cohort.js';
import { DEFAULT_MODALITIES } from '../cohort/columns.js';
import { CohortError } from '../cohort/errors.js';
import type { CohortParseOptions } from '../cohort/parseCohort.js';
import type { Her2Model, PatientInput } from '../model/her2Model.js';
import type { ModelArtifact } from '../model/artifact.js';

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** Parse options for an evaluation cohort of this model (defaults where the artifact says nothing). */
export function evaluationParseOptions(artifact: ModelArtifact): CohortParseOptions {
  const config = artifact.provenance?.config ?? {};
  const categorical =
    config.categorical && typeof config.categorical === 'object'
      ? Object.keys(config.categorical)
      : Object.keys(artifact.input?.categorical ?? {});
  return {
    missing: artifact.input?.missing?.policy === 'median' ? 'impute-median' : 'reject',
    columns: {
      modalities: stringList(config.modalities) ?? [...DEFAULT_MODALITIES],
      categorical,
      ignore: stringList(config.ignoreColumns) ?? [],
    },
  };
}

/** The model's inputs the cohort has no column for, as one error naming them (before any prediction). */
export function checkCohortColumns(model: Her2Model, cohort: Cohort): void {
  const present = new Set([...cohort.featureNames, ...cohort.categoricalNames]);
  const missing = [
    ...model.requiredFeatures.filter((name) => !present.has(name)),
    ...model.requiredClinical.filter((name) => !(name in cohort.clinical)),
  ];
  if (missing.length > 0) {
    throw new CohortError(
      `has no column for ${missing.length === 1 ? 'the input' : `${missing.length} inputs`} the model needs: ${missing.join(', ')}`,
      { file: cohort.source },
    );
  }
}

/** Row i of the cohort as a prediction input: the model's features, every recorded clinical value, the site. */
export function cohortPatient(model: Her2Model, cohort: Cohort, i: number): PatientInput {
  const features: Record<string, number | string> = {};
  for (const name of model.requiredFeatures) {
    const numeric = cohort.featureNames.indexOf(name);
    if (numeric >= 0) {
      // NaN (allowed only under median imputation) is left out: the model imputes it and warns.
      if (!Number.isNaN(cohort.features[numeric][i])) features[name] = cohort.features[numeric][i];
    } else {
      const categorical = cohort.categoricalNames.indexOf(name);
      if (categorical >= 0) features[name] = cohort.categorical[categorical][i];
    }
  }
  const clinical: Record<string, number> = {};
  for (const [name, column] of Object.entries(cohort.clinical)) {
    if (column && !Number.isNaN(column[i])) clinical[name] = column[i];
  }
  return { id: cohort.patientIds[i], features, clinical, site: cohort.sites[i] };
}
