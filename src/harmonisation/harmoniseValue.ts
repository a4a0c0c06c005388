/**
 * The per-value arithmetic of ComBat's adjustment, the one function training (applyCombat) and
 * serving (src/model/loadModel.ts) both call, so a harmonised input is computed bit for bit the same.
 */

/** The parts of a fitted ComBat state the adjustment reads. */
export interface CombatAdjustment {
  grandMean: readonly number[];
  varPooled: readonly number[];
  gammaStar: readonly (readonly number[])[];
  deltaStar: readonly (readonly number[])[];
}

/**
 * x of feature j from batch b, with its covariate term Σ_c β_cj·x_ic (0 without covariates):
 * standardise by the pooled model, remove the batch's γ*, δ*, and return to the feature's scale.
 */
export function harmoniseValue(
  state: CombatAdjustment,
  j: number,
  b: number,
  x: number,
  covariateTerm = 0,
): number {
  const center = state.grandMean[j] + covariateTerm;
  const sd = Math.sqrt(state.varPooled[j]);
  const standardised = (x - center) / sd;
  return ((standardised - state.gammaStar[b][j]) / Math.sqrt(state.deltaStar[b][j])) * sd + center;
}
