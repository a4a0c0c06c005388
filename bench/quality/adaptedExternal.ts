/**
 * The external site as a deployment meets it: the model adapted to the site from the site's own
 * unlabelled patients (her2 harmonize / POST /v1/models/:id/sites; no label is read), then every
 * patient predicted through the serving path (loadModel) naming the site. Returns, per task, the
 * calibrated probabilities of the external rows in cohort order.
 */
import type { Cohort } from '../../src/cohort/cohort.js';
import type { ModelArtifact, TaskName } from '../../src/model/artifact.js';
import { cohortPatient } from '../../src/frozenEvaluation/evaluationCohort.js';
import { loadModel } from '../../src/model/loadModel.js';
import { adaptModelToSite, type SiteAdaptation } from '../../src/model/siteAdaptation.js';
import type { SiteAdaptationMethod } from '../../src/harmonisation/siteAdaptation.js';

export type ExternalHandling = 'as is' | SiteAdaptationMethod;

export function externalProbabilities(
  artifact: ModelArtifact,
  cohort: Cohort,
  external: readonly number[],
  handling: ExternalHandling,
): Record<TaskName, Float64Array> {
  // Each external row as the model's prediction input, naming its site (the evaluation command's reader).
  const unadapted = loadModel(artifact);
  const patients = new Map(external.map((i) => [i, cohortPatient(unadapted, cohort, i)]));
  const sites = [...new Set(external.map((i) => cohort.sites[i]))];
  const adaptations: SiteAdaptation[] =
    handling === 'as is'
      ? []
      : sites.map((site) =>
          adaptModelToSite(
            artifact,
            site,
            external.filter((i) => cohort.sites[i] === site).map((i) => patients.get(i)!),
            { method: handling, now: () => new Date(0) },
          ),
        );
  const model = handling === 'as is' ? unadapted : loadModel(artifact, adaptations);
  const predictions = model.predict(
    external.map((i) => patients.get(i)!),
    { allowOutOfDistribution: true },
  );
  return Object.fromEntries(
    Object.keys(artifact.tasks).map((task) => [
      task,
      Float64Array.from(predictions, (p) => p.tasks[task]?.probability ?? Number.NaN),
    ]),
  );
}
