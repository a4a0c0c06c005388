/**
 * Site harmonisation of the radiomic features (config `harmonization`): ComBat with the cohort's
 * site as batch, fitted on training rows only and with no covariates (never the HER2 label), then
 * applied to every row of a site that has training rows. Rows of other sites (an external site) are
 * left as they are, as serving leaves a patient of an unknown site.
 */
import type { Cohort } from '../cohort/cohort.js';
import { applyCombat, fitCombat, type CombatState } from '../harmonisation/combat.js';
import type { TrainingConfig } from './config.js';
import { TrainingInputError } from './errors.js';

export interface HarmonisedFeatures {
  columns: Float64Array[];
  state: CombatState;
}

export function harmoniseFeatures(
  cohort: Cohort,
  columns: readonly Float64Array[],
  trainingRows: Int32Array,
  config: TrainingConfig,
): HarmonisedFeatures {
  const trainingSites = [...new Set(Array.from(trainingRows, (i) => cohort.sites[i]))].sort();
  if (trainingSites.length < 2) {
    throw new TrainingInputError(
      `${cohort.source}: site harmonisation (ComBat) needs training rows from at least 2 sites, but they all come from ` +
        `${JSON.stringify(trainingSites[0])}; use "harmonization": "none"`,
    );
  }
  let state: CombatState;
  try {
    state = fitCombat(columns, cohort.sites, trainingRows, {
      eb: config.combatEb,
      meanOnly: config.combatMeanOnly,
      featureNames: cohort.featureNames,
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new TrainingInputError(`${cohort.source}: site harmonisation (ComBat) failed: ${error.message}`);
    }
    throw error;
  }
  const known = new Set(state.batches);
  const rows = Int32Array.from(cohort.sites.flatMap((site, i) => (known.has(site) ? [i] : [])));
  return { columns: applyCombat(state, columns, cohort.sites, rows), state };
}
