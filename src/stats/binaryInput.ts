/**
 * Validation shared by every function that takes (scores, labels) for a binary outcome.
 *
 * Conventions: labels are 1 = positive (the event / the task's HER2 class) and 0 = negative; any
 * other label value, a NaN score, or a length mismatch throws a RangeError, because silently
 * dropping rows would change the patients a metric describes. ±Infinity scores are allowed (they
 * rank and compare normally). An empty class is NOT an error here: callers decide what a metric
 * means without positives or negatives (they return NaN; see each file).
 */
export type Scores = ArrayLike<number>;
export type BinaryLabels = ArrayLike<number>;

export interface ClassCounts {
  nPositive: number;
  nNegative: number;
}

export function checkBinaryInput(scores: Scores, labels: BinaryLabels, what = 'scores'): ClassCounts {
  if (scores.length !== labels.length) {
    throw new RangeError(`${what} has ${scores.length} values but labels has ${labels.length}`);
  }
  let nPositive = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === 1) nPositive++;
    else if (label !== 0) throw new RangeError(`label ${i} is ${label}; labels must be 0 or 1`);
    if (Number.isNaN(scores[i])) throw new RangeError(`${what}[${i}] is NaN`);
  }
  return { nPositive, nNegative: labels.length - nPositive };
}
