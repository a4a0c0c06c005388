/**
 * Cohen's kappa (unweighted) between two readings of a categorical variable by two raters, or one
 * rater twice: κ = (p_o − p_e) / (1 − p_e), p_o the observed agreement, p_e the agreement expected
 * from the two raters' marginal level frequencies (as scikit-learn's cohen_kappa_score).
 * When p_e = 1 (both raters used one and the same level throughout) κ is undefined (scikit-learn
 * gives NaN); here it is 1 when they agree on every case, as perfect agreement should read, and the
 * result says `degenerate: true`.
 */
export interface CohenKappa {
  kappa: number;
  observedAgreement: number;
  expectedAgreement: number;
  degenerate: boolean;
}

export function cohenKappa(a: readonly string[], b: readonly string[]): CohenKappa {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: ${a.length} vs ${b.length} readings`);
  const n = a.length;
  if (n === 0) throw new RangeError('cohenKappa: no readings');
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
    countB.set(b[i], (countB.get(b[i]) ?? 0) + 1);
    if (a[i] === b[i]) agree++;
  }
  let expected = 0;
  for (const [level, ca] of countA) expected += (ca / n) * ((countB.get(level) ?? 0) / n);
  const observed = agree / n;
  if (expected >= 1) {
    return { kappa: observed === 1 ? 1 : 0, observedAgreement: observed, expectedAgreement: expected, degenerate: true };
  }
  return {
    kappa: (observed - expected) / (1 - expected),
    observedAgreement: observed,
    expectedAgreement: expected,
    degenerate: false,
  };
}
