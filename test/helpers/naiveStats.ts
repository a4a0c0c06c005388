/**
 * Deliberately naive reference statistics for the demo-cohort tests, written from the textbook
 * definitions and independent of src/stats (so they check the generator, not each other).
 */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function sampleVariance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/** Welch's t statistic for a vs b. */
export function welchT(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return (mean(a) - mean(b)) / Math.sqrt(sampleVariance(a) / a.length + sampleVariance(b) / b.length);
}

/**
 * |t| above which a two-sided Welch test has p < 0.05 at the degrees of freedom met here (>= 40);
 * 2.02 is the t quantile at 40 df, so this is slightly conservative for larger samples.
 */
export const T_CRITICAL_05 = 2.02;

/** AUC by counting all positive-negative pairs (ties count one half). */
export function pairCountAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive[i]) continue;
    for (let k = 0; k < scores.length; k++) {
      if (positive[k]) continue;
      pairs++;
      if (scores[i] > scores[k]) wins++;
      else if (scores[i] === scores[k]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/**
 * ICC(2,1) (Shrout & Fleiss: two-way random effects, absolute agreement, single rater) from the
 * two-way ANOVA mean squares of an n-subject x k-rater table ratings[rater][subject].
 */
export function icc21(ratings: ArrayLike<number>[]): number {
  const k = ratings.length;
  const n = ratings[0].length;
  let grand = 0;
  for (const r of ratings) grand += mean(r) * n;
  grand /= n * k;
  let ssRows = 0;
  for (let i = 0; i < n; i++) {
    let rowMean = 0;
    for (const r of ratings) rowMean += r[i];
    rowMean /= k;
    ssRows += k * (rowMean - grand) ** 2;
  }
  let ssCols = 0;
  for (const r of ratings) ssCols += n * (mean(r) - grand) ** 2;
  let ssTotal = 0;
  for (const r of ratings) for (let i = 0; i < n; i++) ssTotal += (r[i] - grand) ** 2;
  const msRows = ssRows / (n - 1);
  const msCols = ssCols / (k - 1);
  const msError = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  return (msRows - msError) / (msRows + (k - 1) * msError + (k * (msCols - msError)) / n);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** AUC as the Mann-Whitney U over n+ n- with mid-ranks for ties: pairCountAuc in O(n log n). */
export function rankAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (positive[order[k]]) {
        positiveRankSum += midRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Cohen's kappa of two raters' labels: (observed - chance agreement) / (1 - chance agreement). */
export function cohenKappa(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
    countB.set(b[i], (countB.get(b[i]) ?? 0) + 1);
  }
  let chance = 0;
  for (const [level, k] of countA) chance += (k / n) * ((countB.get(level) ?? 0) / n);
  return (agree / n - chance) / (1 - chance);
}
