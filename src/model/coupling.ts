/**
 * Coupling of the three calibrated one-vs-rest probabilities into one distribution over
 * {over, low, zero}: divide each by their sum (Zadrozny & Elkan 2002). Each one-vs-rest model is
 * calibrated on its own, so the three need not add to one; normalising keeps their ratios, and with
 * well-calibrated inputs the sum is close to 1 so the correction is small.
 */
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { isOneVsRest, type TaskSpec } from '../tasks/taskSpec.js';

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

export const NO_COUPLING_DESCRIPTION =
  'The model does not have all three one-vs-rest tasks (over, low and zero, each vs. others), so it gives ' +
  'no three-class distribution and no predicted status: each task probability stands on its own.';

/**
 * The task name of each status's one-vs-rest task ({name, positive: [s], negative: 'rest'}, no
 * subgroup), or undefined when any of the three is missing: only then is a distribution coupled.
 */
export function oneVsRestTaskNames(
  tasks: Readonly<Record<string, { definition: TaskSpec }>>,
): Record<Her2Status, string> | undefined {
  const names = {} as Record<Her2Status, string>;
  for (const status of HER2_STATUSES) {
    const name = Object.keys(tasks).find((t) => {
      const d = tasks[t].definition;
      return isOneVsRest(d) && d.positive[0] === status;
    });
    if (name === undefined) return undefined;
    names[status] = name;
  }
  return names;
}
