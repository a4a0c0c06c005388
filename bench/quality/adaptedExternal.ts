/**
 * The external site as a deployment meets it: the model adapted to the site from the site's own
 * unlabelled patients (her2 harmonize / POST /v1/models/:id/sites; no label is read), then every
 * patient predicted through the serving path (loadModel) naming the site. Returns, per task, the
 * calibrated probabilities of the external rows in cohort order.
 */
import type { Cohort } from '../../src/cohort/cohort.js';
import type { ModelArtifact, TaskName } from '../../src/model/artifact.js';
import type { PatientInput } from '../../src/model/her2Model.js';
import { loadModel } from '../../src/model/loadModel.js';
import { adaptModelToSite, type SiteAdaptation } from '../../src/model/siteAdaptation.js';
import type { SiteAdaptationMethod } from '../../src/harmonisation/siteAdaptation.js';

export type ExternalHandling = 'as is' | SiteAdaptationMethod;

function patientOf(cohort: Cohort, artifact: ModelArtifact, i: number, site?: string): PatientInput {
  const features: Record<string, number> = {};
  for (const name of artifact.input.features) {
    const j = cohort.featureNames.indexOf(name);
    if (j >= 0) features[name] = cohort.features[j][i];
  }
  const clinical: Record<string, number> = {};
  for (const [name, column] of Object.entries(cohort.clinical)) if (column) clinical[name] = column[i];
  return { id: cohort.patientIds[i], features, clinical, ...(site !== undefined && { site }) };
}

export function externalProbabilities(
  artifact: ModelArtifact,
  cohort: Cohort,
  external: readonly number[],
  handling: ExternalHandling,
): Record<TaskName, Float64Array> {
  const sites = [...new Set(external.map((i) => cohort.sites[i]))];
  const adaptations: SiteAdaptation[] =
    handling === 'as is'
      ? []
      : sites.map((site) =>
          adaptModelToSite(
            artifact,
            site,
            external.filter((i) => cohort.sites[i] === site).map((i) => patientOf(cohort, artifact, i)),
            { method: handling, now: () => new Date(0) },
          ),
        );
  const predictions = loadModel(artifact, adaptations).predict(
    external.map((i) => patientOf(cohort, artifact, i, cohort.sites[i])),
    { allowOutOfDistribution: true },
  );
  return Object.fromEntries(
    Object.keys(artifact.tasks).map((task) => [
      task,
      Float64Array.from(predictions, (p) => p.tasks[task]?.probability ?? Number.NaN),
    ]),
  );
}
