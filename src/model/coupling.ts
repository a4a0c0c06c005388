/**
 * Coupling of the three calibrated one-vs-rest probabilities into one distribution over
 * {over, low, zero}: divide each by their sum (Zadrozny & Elkan 2002). Each one-vs-rest model is
 * calibrated on its own, so the three need not add to one; normalising keeps their ratios, and with
 * well-calibrated inputs the sum is close to 1 so the correction is small.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';

export const COUPLING_DESCRIPTION =
  'Each of the three one-vs-rest tasks gives a calibrated probability; the three-class distribution is ' +
  'p(c) = p_ovr(c) / (p_ovr(over) + p_ovr(low) + p_ovr(zero)) (normalised one-vs-rest, Zadrozny & Elkan 2002). ' +
  'The predicted status is the class with the highest coupled probability (ties: over, then low, then zero).';

export function coupleOneVsRest(probabilities: Record<Her2Status, number>): {
  distribution: Record<Her2Status, number>;
  status: Her2Status;
} {
  const sum = HER2_STATUSES.reduce((s, c) => s + probabilities[c], 0);
  const distribution = {} as Record<Her2Status, number>;
  for (const c of HER2_STATUSES)
    distribution[c] = sum > 0 ? probabilities[c] / sum : 1 / HER2_STATUSES.length;
  let status: Her2Status = HER2_STATUSES[0];
  for (const c of HER2_STATUSES) if (distribution[c] > distribution[status]) status = c;
  return { distribution, status };
}
