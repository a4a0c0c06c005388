/**
 * Midranks: 1-based ranks in ascending order where tied values all get the mean of the ranks they
 * span (e.g. values [5, 7, 7, 9] → [1, 2.5, 2.5, 4]). Midranks are what make the Mann-Whitney AUC
 * and the DeLong placement values count a tie between a positive and a negative as one half.
 */

/** Indices of `values` sorted ascending (stable for ties, which does not affect midranks). */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order;
}

/** Midranks of `values` (ties share the average rank); ±Infinity allowed, NaN not. */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = ascendingOrder(values);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // positions start..end-1 (0-based) hold equal values; their 1-based ranks average to:
    const averageRank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = averageRank;
    start = end;
  }
  return ranks;
}
